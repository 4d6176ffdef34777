/**
 * A TCP relay on loopback that adds a round-trip time: every chunk is held half the RTT in each
 * direction, in order, so a new connection costs what it costs over a real network (the TCP
 * handshake, the TLS handshake, then the request), and a kept connection costs only the request.
 * It records when it hands each chunk of the server's replies to the client, per upstream
 * connection, so a bench can tell when a byte the server wrote reached the client's socket; and
 * when each chunk the client sent reached it and when it passed it on, so a bench can tell when a
 * request the server received left the client.
 */
import net, { type AddressInfo, type Socket } from 'node:net';

const now = () => performance.timeOrigin + performance.now();

export class RttProxy {
  /** For each upstream connection, by the proxy's local port on it: when reply chunks reached the client. */
  readonly delivered = new Map<number, number[]>();
  /** For each upstream connection: each chunk from the client, when it arrived and when it went on. */
  readonly sent = new Map<number, { arrived: number; forwarded: number }[]>();
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: net.Server,
    readonly rttMs: number,
  ) {}

  /** Relays 127.0.0.1:<port> to `target`, adding `rttMs` per round trip. */
  static async start(target: { host: string; port: number }, rttMs = 80): Promise<RttProxy> {
    const server = net.createServer();
    const proxy = new RttProxy(server, rttMs);
    server.on('connection', (client) => proxy.relay(client, target));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    return proxy;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private relay(client: Socket, target: { host: string; port: number }): void {
    const half = this.rttMs / 2;
    client.setNoDelay(true);
    this.sockets.add(client);
    // The TCP handshake costs a round trip before the client may send: what it sends is held
    // until then (the upstream connect, on loopback, starts a whole RTT late), then half an RTT.
    const upstream = new net.Socket();
    upstream.setNoDelay(true);
    this.sockets.add(upstream);
    const pendingUp: { data: Buffer; arrived: number }[] = [];
    let sent: { arrived: number; forwarded: number }[] | undefined;
    let connected = false;
    const forward = (to: Socket, data: Buffer, after?: () => void) =>
      setTimeout(() => {
        if (!to.destroyed) to.write(data);
        after?.();
      }, half);
    const up = (data: Buffer, arrived: number) => forward(upstream, data, () => sent?.push({ arrived, forwarded: now() }));
    client.on('data', (d: Buffer) => {
      if (connected) up(d, now());
      else pendingUp.push({ data: d, arrived: now() });
    });
    setTimeout(() => {
      upstream.connect(target.port, target.host, () => {
        connected = true;
        const port = upstream.localPort ?? 0;
        const times: number[] = [];
        this.delivered.set(port, times);
        sent = [];
        this.sent.set(port, sent);
        for (const { data, arrived } of pendingUp.splice(0)) up(data, arrived);
        upstream.on('data', (d: Buffer) => forward(client, d, () => times.push(now())));
      });
    }, this.rttMs);
    const end = () => {
      setTimeout(() => {
        client.destroy();
        upstream.destroy();
        this.sockets.delete(client);
        this.sockets.delete(upstream);
      }, half);
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', () => undefined);
    upstream.on('error', () => undefined);
  }
}
