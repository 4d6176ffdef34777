/**
 * The one undici dispatcher a client uses for all its requests: a keep-alive Agent, or a proxy
 * agent when a proxy is configured. undici's own `request` is used with it; an npm-undici
 * dispatcher must never be handed to Node's global fetch (it fails as "fetch failed").
 *
 * TLS: every connection verifies certificates against the client's TrustStore (Node's roots, the
 * system store, NODE_EXTRA_CA_CERTS). `strictSSL: false` (VS Code's http.proxyStrictSSL) turns
 * verification off only for connections that go through the proxy — the proxy's own TLS and the
 * requests tunnelled through it — never for direct ones (no proxy, or a NO_PROXY host). See
 * SECURITY.md, "The network path".
 */
import { Agent, Client, EnvHttpProxyAgent, Pool, type Dispatcher } from 'undici';
import * as tls from 'node:tls';
import type { Logger } from '../log';
import { TrustStore, type TrustSource } from './trust';
import type { ProxyOptions } from './types';

export interface TransportOptions {
  headersTimeoutMs: number;
  idleTimeoutMs: number;
  proxy?: ProxyOptions;
  /** For proxy variables, NODE_EXTRA_CA_CERTS and SSL_CERT_FILE; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** Whether any connection may be TLS (an https base URL or proxy): only then is trust computed. */
  tls: boolean;
  /** Read the system store. Default true. */
  systemCertificates?: boolean;
  /** Extra CA certificates (PEM). */
  extraCaCertificates?: readonly string[];
  /** For tests: system bundle files to probe. */
  systemBundleFiles?: readonly string[];
  logger: Logger;
  /** Told when a connection closed and none is left open (the client re-warms; see AimlClient.warm). */
  onAllClosed?: () => void;
}

interface ProxyPlan {
  httpProxy?: string;
  httpsProxy?: string;
  noProxy: string;
}

/**
 * The dispatcher is built on first use, with the trust store: constructing a client costs
 * nothing, and a client that only ever speaks plain http never reads a certificate.
 */
export class Transport {
  /** Whether requests may go through a proxy (for error wording). */
  readonly viaProxy: boolean;
  private readonly plan: ProxyPlan | undefined;
  private built: Dispatcher | undefined;
  private ended: 'closed' | 'destroyed' | undefined;
  /** How each host's certificate was verified on its latest new connection. */
  private readonly verified = new Map<string, TrustSource>();
  /** Connections open now (to the server, or tunnelled through the proxy to it), busy or idle. */
  private open = 0;

  constructor(private readonly opts: TransportOptions) {
    this.plan = proxyPlan(opts.proxy ?? {}, opts.env ?? process.env);
    this.viaProxy = this.plan !== undefined;
  }

  get dispatcher(): Dispatcher {
    this.built ??= this.build();
    return this.built;
  }

  /**
   * How many connections the dispatcher holds open now, busy or idle: warming (client.ts) opens one
   * only when there is none, and a connection the server closed counts no more.
   */
  get openConnections(): number {
    return this.open;
  }

  /** Which trust source vouched for `hostname`'s certificate, once a verified TLS connection to it was made. */
  trustOf(hostname: string): TrustSource | undefined {
    return this.verified.get(hostname.toLowerCase());
  }

  /** Graceful: waits for requests in flight, then frees the sockets. */
  async close(): Promise<void> {
    if (this.ended !== undefined) return;
    this.ended = 'closed';
    await this.built?.close();
  }

  /** Hard: requests in flight fail at once. */
  async destroy(): Promise<void> {
    if (this.ended === 'destroyed') return;
    this.ended = 'destroyed';
    await this.built?.destroy();
  }

  private build(): Dispatcher {
    const strict = this.opts.proxy?.strictSSL !== false;
    const verify = this.opts.tls ? this.tlsOptions() : {};
    const common = {
      headersTimeout: this.opts.headersTimeoutMs,
      bodyTimeout: this.opts.idleTimeoutMs,
      // Keep idle sockets a while: a chat sends a request every few seconds to minutes.
      keepAliveTimeout: 30_000,
      keepAliveMaxTimeout: 120_000,
      // undici stops reusing a socket this long before the server's Keep-Alive timeout (2 s by
      // default), so a server announcing `timeout=2` (Node's default is 5) would never see a
      // connection reused, and a warmed one would be dropped unused. Half a second is margin enough
      // for a request racing the server's close; such a failure before any output is retried.
      keepAliveTimeoutThreshold: 500,
      // Direct connections (and NO_PROXY hosts, which EnvHttpProxyAgent sends through this same
      // Agent option) always verify, whatever strictSSL says.
      connect: verify,
      // Every connection pool, direct or behind the proxy (ProxyAgent and EnvHttpProxyAgent hand
      // this factory on), is made here so that its connections are counted.
      factory: this.countingFactory,
    };
    if (!this.plan) return new Agent(common);

    const throughProxy = strict ? verify : { ...verify, rejectUnauthorized: false };
    if (!strict) {
      this.opts.logger.warn(
        `http.proxyStrictSSL is off: TLS certificates are NOT verified for the proxy (${describeProxies(this.plan)}) nor for servers reached through it; direct connections${this.plan.noProxy ? ` (hosts in NO_PROXY: ${this.plan.noProxy})` : ''} are still verified.`,
      );
    }
    // EnvHttpProxyAgent does the NO_PROXY matching (hosts, ports, subdomains, `*`); an explicit
    // URL is passed as both of its proxies so that the same rules apply to it.
    return new EnvHttpProxyAgent({
      ...common,
      httpProxy: this.plan.httpProxy,
      httpsProxy: this.plan.httpsProxy,
      noProxy: this.plan.noProxy,
      requestTls: throughProxy,
      proxyTls: throughProxy,
      // For http:// targets send absolute-form requests as plain HTTP proxies expect; https://
      // targets are tunnelled with CONNECT either way.
      proxyTunnel: false,
    });
  }

  /** undici's default factory, with each pool's connects and disconnects counted. */
  private readonly countingFactory = (origin: string | URL, options: Pool.Options): Dispatcher => {
    const pool = options.connections === 1 ? new Client(origin, options) : new Pool(origin, options);
    pool.on('connect', () => this.open++);
    pool.on('disconnect', () => {
      this.open = Math.max(0, this.open - 1);
      if (this.open === 0 && this.ended === undefined) this.opts.onAllClosed?.();
    });
    return pool;
  };

  private tlsOptions(): tls.ConnectionOptions {
    const trust = new TrustStore({
      systemCertificates: this.opts.systemCertificates,
      extraCaCertificates: this.opts.extraCaCertificates,
      env: this.opts.env ?? process.env,
      systemBundleFiles: this.opts.systemBundleFiles,
      logger: this.opts.logger,
    });
    this.opts.logger.debug(`TLS trust: ${trust.summary}`);
    const options: tls.ConnectionOptions = {
      // Called by Node only for a chain that verified; the default host check stays in charge.
      checkServerIdentity: (hostname, cert) => {
        const problem = tls.checkServerIdentity(hostname, cert);
        if (problem === undefined) this.verified.set(hostname.toLowerCase(), trust.sourceOf(cert as tls.DetailedPeerCertificate));
        return problem;
      },
    };
    if (trust.secureContext) options.secureContext = trust.secureContext;
    return options;
  }
}

/** Whether and through what requests go: the explicit URL first, else the environment's. */
function proxyPlan(proxy: ProxyOptions, env: NodeJS.ProcessEnv): ProxyPlan | undefined {
  const fromEnv = proxy.fromEnv !== false;
  const envHttp = fromEnv ? (env.http_proxy ?? env.HTTP_PROXY) : undefined;
  const envHttps = fromEnv ? (env.https_proxy ?? env.HTTPS_PROXY) : undefined;
  const envNoProxy = fromEnv ? (env.no_proxy ?? env.NO_PROXY) : undefined;
  const explicit = proxy.url?.trim() || undefined;
  if (!explicit && !envHttp && !envHttps) return undefined;
  return {
    httpProxy: explicit ?? envHttp ?? envHttps,
    httpsProxy: explicit ?? envHttps ?? envHttp,
    // An empty string, not undefined: undefined would make undici read NO_PROXY itself even when
    // fromEnv is false.
    noProxy: proxy.noProxy ?? envNoProxy ?? '',
  };
}

/** Whether a client needs TLS at all: an https base URL, or a proxy reached over https. */
export function mayUseTls(baseUrl: URL, proxy: ProxyOptions | undefined, env: NodeJS.ProcessEnv): boolean {
  if (baseUrl.protocol === 'https:') return true;
  const plan = proxyPlan(proxy ?? {}, env);
  return [plan?.httpProxy, plan?.httpsProxy].some((u) => u !== undefined && /^\s*https:/i.test(u));
}

/** The proxy URLs without credentials (they may carry user:password). */
function describeProxies(plan: ProxyPlan): string {
  const urls = new Set([plan.httpProxy, plan.httpsProxy].filter((u): u is string => u !== undefined).map(withoutCredentials));
  return [...urls].join(', ');
}

function withoutCredentials(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.href.replace(/\/$/, '');
  } catch {
    return 'an unparsable proxy URL';
  }
}
