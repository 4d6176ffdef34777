import * as vscode from 'vscode';
import type { AimlClient, ClientOptions } from '../core/api';
import { loadApi } from './apiLoader';
import type { Config } from './config';
import { Disposable } from './disposable';
import type { Log } from './log';
import type { ApiKeyStore } from './secrets';

/**
 * One AimlClient (one keep-alive connection pool) for the whole extension, rebuilt only when what
 * shapes it changes — its signature: the base URL, retries, the timeout, VS Code's proxy settings
 * (`http.proxy`, `http.proxyStrictSSL`, `http.noProxy`) and certificate settings
 * (`http.systemCertificates`). Going through undici directly bypasses VS Code's own proxy
 * support, so those settings and the proxy environment variables are passed on here.
 *
 * The model, temperature, thinking and output limit are read per request, so changing them never
 * touches the client. When the client must be rebuilt, the old one is retired with close(): the
 * answers it is streaming finish, then its sockets are freed. Only the extension's shutdown
 * destroys clients (ending what is still in flight).
 */
export class ClientFactory extends Disposable {
  private client: AimlClient | undefined;
  private signature = '';
  /** Retired clients still finishing their requests, destroyed if the extension shuts down first. */
  private readonly retiring = new Set<AimlClient>();

  constructor(
    private readonly config: Config,
    private readonly keys: ApiKeyStore,
    private readonly log: Log,
    private readonly extensionVersion: string,
  ) {
    super();
    this.register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!this.client || !(e.affectsConfiguration('aimlClaude') || e.affectsConfiguration('http'))) return;
        // Retire the pool at once (its idle sockets go now), not at the next request.
        if (this.shape().signature !== this.signature) this.retire('the connection settings changed'); // l10n-ignore: log only
      }),
    );
    this.register({ dispose: () => this.destroyAll() });
  }

  get(): AimlClient {
    const { signature, options } = this.shape();
    if (this.client && signature === this.signature) return this.client;
    if (this.client) this.retire('the connection settings changed'); // l10n-ignore: log only
    this.signature = signature;
    this.client = new (loadApi().AimlClient)({
      ...options,
      apiKey: () => this.keys.get(),
      userAgent: `aiml-claude-vscode/${this.extensionVersion} (VS Code ${vscode.version})`, // l10n-ignore: a User-Agent header
      logger: this.log,
    });
    const proxy = options.proxy?.url ? ' through the http.proxy setting' : ''; // l10n-ignore: log only
    this.log.debug(`client for ${options.baseUrl}${proxy}`);
    return this.client;
  }

  /**
   * Everything the first question needs, done before it is asked (the chat panel opened, an editor
   * command started): the API bundle loaded, the client and its dispatcher built (the trust store
   * reads certificates), the key read. Sends nothing.
   */
  async prepare(): Promise<void> {
    try {
      this.get().prepare();
    } catch (err) {
      // An invalid base URL: the question itself says so, worded for the user.
      this.log.debug('not preparing the client', err);
    }
    await this.keys.get();
  }

  /**
   * Opens the connection the next request will use, in the background (see AimlClient.warm):
   * called when the user focuses the composer or types, and when Explain or Refactor starts.
   * Never fails and never shows anything: a failure is in the log, and the request connects itself.
   */
  warm(): void {
    try {
      void this.get().warm();
    } catch (err) {
      // An invalid base URL: the question itself says so, worded for the user.
      this.log.debug('not warming the connection', err);
    }
  }

  /**
   * The user is no longer about to ask (the chat panel was hidden): a connection the server closes
   * is no longer opened again by itself. Builds no client.
   */
  rest(): void {
    this.client?.stopKeepingWarm();
  }

  /** Everything that shapes a client, and its signature (equal signatures: the same client serves). */
  private shape(): { signature: string; options: Omit<ClientOptions, 'apiKey'> } {
    const s = this.config.current;
    const http = vscode.workspace.getConfiguration('http');
    const proxyUrl = (http.get<string>('proxy') ?? '').trim();
    const strictSSL = http.get<boolean>('proxyStrictSSL') ?? true;
    const noProxy = (http.get<string[]>('noProxy') ?? []).filter((h) => typeof h === 'string' && h.trim()).join(',');
    // VS Code's own switch for trusting the OS certificate store (default on), honoured here too.
    const systemCertificates = http.get<boolean>('systemCertificates') ?? true;
    const options = {
      baseUrl: s.baseUrl,
      maxRetries: s.maxRetries,
      idleTimeoutMs: s.requestTimeoutSeconds * 1000,
      headersTimeoutMs: s.requestTimeoutSeconds * 1000,
      proxy: { url: proxyUrl || undefined, strictSSL, noProxy: noProxy || undefined, fromEnv: true },
      systemCertificates,
    };
    const signature = JSON.stringify([s.baseUrl, s.maxRetries, s.requestTimeoutSeconds, proxyUrl, strictSSL, noProxy, systemCertificates]);
    return { signature, options };
  }

  /** Lets the current client finish what it is doing, then close; the next get() builds anew. */
  private retire(why: string): void {
    const old = this.client;
    this.client = undefined;
    this.signature = '';
    if (!old) return;
    this.retiring.add(old);
    this.log.debug(`retiring the client (${why}); requests in flight finish first`);
    void old.close().then(
      () => this.retiring.delete(old),
      (err: unknown) => {
        this.retiring.delete(old);
        this.log.warn('closing a retired client failed', err);
      },
    );
  }

  private destroyAll(): void {
    const all = [...this.retiring, ...(this.client ? [this.client] : [])];
    this.retiring.clear();
    this.client = undefined;
    this.signature = '';
    for (const c of all) void c.destroy();
  }
}
