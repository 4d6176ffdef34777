import * as vscode from 'vscode';
import type { Logger } from '../core/log';

/**
 * The extension's one LogOutputChannel, "AIML Claude", with component tags. Every line passes
 * through a redactor that knows the secrets currently in use, so that a key can never reach the
 * log even if some error message were to echo it.
 */
export class Log implements Logger {
  private static readonly secrets = new Set<string>();

  constructor(
    private readonly channel: vscode.LogOutputChannel,
    private readonly tag?: string,
  ) {}

  static create(): { log: Log; channel: vscode.LogOutputChannel } {
    // l10n-ignore: the product name, the same in every language
    const channel = vscode.window.createOutputChannel('AIML Claude', { log: true });
    return { log: new Log(channel), channel };
  }

  /** Remember a secret so every later line has it replaced. */
  static addSecret(secret: string | undefined): void {
    if (secret && secret.length >= 4) Log.secrets.add(secret);
  }

  static forgetSecret(secret: string | undefined): void {
    if (secret) Log.secrets.delete(secret);
  }

  static redact(text: string): string {
    let out = text.replace(/(Bearer\s+)[^\s"',]+/gi, '$1***');
    for (const s of Log.secrets) out = out.split(s).join('***');
    return out;
  }

  child(tag: string): Log {
    return new Log(this.channel, this.tag ? `${this.tag}/${tag}` : tag);
  }

  show(): void {
    this.channel.show(true);
  }

  private fmt(message: string, args: unknown[]): string {
    const parts = [this.tag ? `[${this.tag}] ${message}` : message];
    for (const a of args) parts.push(formatArg(a));
    return Log.redact(parts.join(' '));
  }

  trace(message: string, ...args: unknown[]): void {
    this.channel.trace(this.fmt(message, args));
  }
  debug(message: string, ...args: unknown[]): void {
    this.channel.debug(this.fmt(message, args));
  }
  info(message: string, ...args: unknown[]): void {
    this.channel.info(this.fmt(message, args));
  }
  warn(message: string, ...args: unknown[]): void {
    this.channel.warn(this.fmt(message, args));
  }
  error(message: string | Error, ...args: unknown[]): void {
    const text = message instanceof Error ? formatArg(message) : message;
    this.channel.error(this.fmt(text, args));
  }
}

/** Errors with their whole cause chain, objects as JSON; never throws. */
export function formatArg(a: unknown): string {
  if (a instanceof Error) {
    let s = `${a.name}: ${a.message}`;
    let cause: unknown = a.cause;
    for (let depth = 0; cause !== undefined && depth < 5; depth++) {
      s += ` (cause: ${cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause)})`;
      cause = cause instanceof Error ? cause.cause : undefined;
    }
    return s;
  }
  if (typeof a === 'string') return a;
  try {
    return JSON.stringify(a);
  } catch {
    return String(a);
  }
}
