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

export interface Transport {
  dispatcher: Dispatcher;
  /** Whether requests may go through a proxy (for error wording). */
  viaProxy: boolean;
}

export function createTransport(opts: TransportOptions): Transport {
  const env = opts.env ?? process.env;
  const proxy = opts.proxy ?? {};
  const strict = proxy.strictSSL !== false;
  const common = {
    headersTimeout: opts.headersTimeoutMs,
    bodyTimeout: opts.idleTimeoutMs,
    // Keep idle sockets a while: a chat sends a request every few seconds to minutes.
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 120_000,
    connect: strict ? undefined : { rejectUnauthorized: false },
  };

  const fromEnv = proxy.fromEnv !== false;
  const envHttp = fromEnv ? (env.http_proxy ?? env.HTTP_PROXY) : undefined;
  const envHttps = fromEnv ? (env.https_proxy ?? env.HTTPS_PROXY) : undefined;
  const envNoProxy = fromEnv ? (env.no_proxy ?? env.NO_PROXY) : undefined;
  const explicit = proxy.url?.trim() || undefined;

  if (!explicit && !envHttp && !envHttps) {
    return { dispatcher: new Agent(common), viaProxy: false };
  }

  // EnvHttpProxyAgent does the NO_PROXY matching (hosts, ports, subdomains, `*`); an explicit
  // URL is passed as both of its proxies so that the same rules apply to it.
  const tls = strict ? undefined : { rejectUnauthorized: false };
  const dispatcher = new EnvHttpProxyAgent({
    ...common,
    httpProxy: explicit ?? envHttp ?? envHttps,
    httpsProxy: explicit ?? envHttps ?? envHttp,
    // An empty string, not undefined: undefined would make undici read NO_PROXY itself even when
    // fromEnv is false.
    noProxy: proxy.noProxy ?? envNoProxy ?? '',
    requestTls: tls,
    proxyTls: tls,
    // For http:// targets send absolute-form requests as plain HTTP proxies expect; https://
    // targets are tunnelled with CONNECT either way.
    proxyTunnel: false,
  });
  return { dispatcher, viaProxy: true };
}
