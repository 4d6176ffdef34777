/** A Logger that keeps every line, so tests can assert what was (and was not) logged. */
import type { Logger } from '../../src/core/log';

export interface LogLine {
  level: 'trace' | 'debug' | 'info' | 'warn' | 'error';
  text: string;
}

export class RecordingLogger implements Logger {
  readonly lines: LogLine[] = [];

  trace(message: string, ...args: unknown[]): void {
    this.add('trace', message, args);
  }
  debug(message: string, ...args: unknown[]): void {
    this.add('debug', message, args);
  }
  info(message: string, ...args: unknown[]): void {
    this.add('info', message, args);
  }
  warn(message: string, ...args: unknown[]): void {
    this.add('warn', message, args);
  }
  error(message: string | Error, ...args: unknown[]): void {
    this.add('error', message instanceof Error ? `${message.message}\n${message.stack ?? ''}` : message, args);
  }

  /** Everything logged, one line per call, arguments included. */
  get text(): string {
    return this.lines.map((l) => `${l.level} ${l.text}`).join('\n');
  }

  private add(level: LogLine['level'], message: string, args: unknown[]): void {
    const extra = args.map((a) => (a instanceof Error ? `${a.message} ${a.stack ?? ''}` : typeof a === 'string' ? a : JSON.stringify(a)));
    this.lines.push({ level, text: [message, ...extra].join(' ') });
  }
}
