/**
 * A tiny HTTP proxy on 127.0.0.1 for proxy tests: CONNECT tunnels and absolute-form requests, each
 * counted, so a test can tell whether a request went through it. With `tls` it is itself reached
 * over HTTPS (an `https://` proxy URL); with `refuseConnect` it answers every CONNECT with 403.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface LoopbackProxyOptions {
  /** Serve the proxy itself over HTTPS with this key and certificate (PEM). */
  tls?: { key: string; cert: string };
  /** Answer CONNECT with 403, as a proxy whose policy forbids the target. */
  refuseConnect?: boolean;
}

export class LoopbackProxy {
  /** Absolute-form request targets seen (http:// targets). */
  readonly forwarded: string[] = [];
  /** CONNECT authorities seen (host:port). */
  readonly tunnels: string[] = [];
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    private readonly options: LoopbackProxyOptions,
  ) {}

  static async start(options: LoopbackProxyOptions = {}): Promise<LoopbackProxy> {
    const server = options.tls ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }) : createServer();
    const proxy = new LoopbackProxy(server, options);
    server.on(options.tls ? 'secureConnection' : 'connection', (s: Socket) => {
      proxy.sockets.add(s);
      s.on('close', () => proxy.sockets.delete(s));
    });
    server.on('request', (req: IncomingMessage, res: ServerResponse) => proxy.forward(req, res));
    server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => proxy.tunnel(req, client, head));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    return proxy;
  }

  get url(): string {
    return `${this.options.tls ? 'https' : 'http'}://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get hits(): number {
    return this.forwarded.length + this.tunnels.length;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private forward(req: IncomingMessage, res: ServerResponse): void {
    const target = req.url ?? '';
    if (!/^https?:\/\//.test(target)) {
      res.writeHead(400).end('absolute-form expected');
      return;
    }
    this.forwarded.push(target);
    const url = new URL(target);
    const upstream = httpRequest(
      { host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, method: req.method, headers: { ...req.headers, host: url.host } },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  }

  private tunnel(req: IncomingMessage, client: Socket, head: Buffer): void {
    const authority = req.url ?? '';
    this.tunnels.push(authority);
    if (this.options.refuseConnect) {
      client.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    const [host, port] = authority.split(':');
    const upstream = connect(Number(port), host ?? '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    client.on('close', () => upstream.destroy());
  }
}
