/**
 * The one undici dispatcher a client uses for all its requests: a keep-alive Agent, or a proxy
 * agent when a proxy is configured. undici's own `request` is used with it; an npm-undici
 * dispatcher must never be handed to Node's global fetch (it fails as "fetch failed").
 */
import { Agent, EnvHttpProxyAgent, type Dispatcher } from 'undici';
import type { ProxyOptions } from './types';

export interface TransportOptions {
  headersTimeoutMs: number;
  idleTimeoutMs: number;
  proxy?: ProxyOptions;
  /** For tests: defaults to process.env. */
  env?: NodeJS.ProcessEnv;
}

interface ProxyPlan {
  httpProxy?: string;
  httpsProxy?: string;
  noProxy: string;
}

/** The dispatcher is built on first use: constructing a client costs nothing. */
export class Transport {
  /** Whether requests may go through a proxy (for error wording). */
  readonly viaProxy: boolean;
  private readonly plan: ProxyPlan | undefined;
  private built: Dispatcher | undefined;
  private ended: 'closed' | 'destroyed' | undefined;

  constructor(private readonly opts: TransportOptions) {
    this.plan = proxyPlan(opts.proxy ?? {}, opts.env ?? process.env);
    this.viaProxy = this.plan !== undefined;
  }

  get dispatcher(): Dispatcher {
    this.built ??= this.build();
    return this.built;
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
    const common = {
      headersTimeout: this.opts.headersTimeoutMs,
      bodyTimeout: this.opts.idleTimeoutMs,
      // Keep idle sockets a while: a chat sends a request every few seconds to minutes.
      keepAliveTimeout: 30_000,
      keepAliveMaxTimeout: 120_000,
      connect: strict ? undefined : { rejectUnauthorized: false },
    };
    if (!this.plan) return new Agent(common);
    // EnvHttpProxyAgent does the NO_PROXY matching (hosts, ports, subdomains, `*`); an explicit
    // URL is passed as both of its proxies so that the same rules apply to it.
    const tls = strict ? undefined : { rejectUnauthorized: false };
    return new EnvHttpProxyAgent({
      ...common,
      httpProxy: this.plan.httpProxy,
      httpsProxy: this.plan.httpsProxy,
      noProxy: this.plan.noProxy,
      requestTls: tls,
      proxyTls: tls,
      // For http:// targets send absolute-form requests as plain HTTP proxies expect; https://
      // targets are tunnelled with CONNECT either way.
      proxyTunnel: false,
    });
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
