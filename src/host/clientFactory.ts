import * as vscode from 'vscode';
import type { AimlClient } from '../core/api';
import { loadApi } from './apiLoader';
import type { Config } from './config';
import { Disposable } from './disposable';
import type { Log } from './log';
import type { ApiKeyStore } from './secrets';

/**
 * One AimlClient (one keep-alive connection pool) for the whole extension, rebuilt only when a
 * setting that shapes it changes: the base URL, retries, the timeout, or VS Code's proxy settings.
 * Going through undici directly bypasses VS Code's own proxy support, so `http.proxy`,
 * `http.proxyStrictSSL`, `http.noProxy` and the proxy environment variables are passed on here.
 */
export class ClientFactory extends Disposable {
  private client: AimlClient | undefined;
  private signature = '';

  constructor(
    private readonly config: Config,
    private readonly keys: ApiKeyStore,
    private readonly log: Log,
    private readonly extensionVersion: string,
  ) {
    super();
    this.register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('aimlClaude') || e.affectsConfiguration('http')) this.reset();
      }),
    );
    this.register({ dispose: () => this.reset() });
  }

  get(): AimlClient {
    const s = this.config.current;
    const http = vscode.workspace.getConfiguration('http');
    const proxyUrl = (http.get<string>('proxy') ?? '').trim();
    const strictSSL = http.get<boolean>('proxyStrictSSL') ?? true;
    const noProxy = (http.get<string[]>('noProxy') ?? []).filter((h) => typeof h === 'string' && h.trim()).join(',');
    const signature = JSON.stringify([s.baseUrl, s.maxRetries, s.requestTimeoutSeconds, proxyUrl, strictSSL, noProxy]);
    if (this.client && signature === this.signature) return this.client;
    this.reset();
    this.signature = signature;
    this.client = new (loadApi().AimlClient)({
      baseUrl: s.baseUrl,
      apiKey: () => this.keys.get(),
      maxRetries: s.maxRetries,
      idleTimeoutMs: s.requestTimeoutSeconds * 1000,
      headersTimeoutMs: s.requestTimeoutSeconds * 1000,
      proxy: { url: proxyUrl || undefined, strictSSL, noProxy: noProxy || undefined, fromEnv: true },
      userAgent: `aiml-claude-vscode/${this.extensionVersion} (VS Code ${vscode.version})`,
      logger: this.log,
    });
    this.log.debug(`client for ${s.baseUrl}${proxyUrl ? ' through the http.proxy setting' : ''}`);
    return this.client;
  }

  private reset(): void {
    const old = this.client;
    this.client = undefined;
    this.signature = '';
    // Requests in flight keep their connection; the pool closes once they end.
    void old?.dispose();
  }
}
