/**
 * Bytes → SSE records. Framing (LF/CR/CRLF, CRLF split across reads, comments, `data:` with or
 * without a space, multi-line data) is eventsource-parser's job; UTF-8 split across reads is
 * TextDecoder's (stream mode).
 */
import { createParser, type EventSourceParser } from 'eventsource-parser';

export interface SseRecord {
  /** The `event:` field, when the server set one (AI/ML uses it only for `error`). */
  event?: string;
  data: string;
}

/** A single record larger than this is a broken or hostile stream, not an answer. */
const MAX_BUFFER_CHARS = 16 * 1024 * 1024;

export class SseDecoder {
  private readonly decoder = new TextDecoder('utf-8');
  private readonly parser: EventSourceParser;
  private pending: SseRecord[] = [];
  private overflow = false;

  constructor() {
    this.parser = createParser({
      onEvent: (ev) => {
        this.pending.push(ev.event === undefined ? { data: ev.data } : { event: ev.event, data: ev.data });
      },
      onError: (err) => {
        if (err.type === 'max-buffer-size-exceeded') this.overflow = true;
      },
      maxBufferSize: MAX_BUFFER_CHARS,
    });
  }

  /** Feeds one network chunk; returns the records it completed. */
  feed(bytes: Uint8Array): SseRecord[] {
    const text = this.decoder.decode(bytes, { stream: true });
    if (text !== '') this.feedText(text);
    return this.take();
  }

  /** The body ended: flush a trailing record that lacked its blank line. */
  end(): SseRecord[] {
    const tail = this.decoder.decode();
    if (tail !== '') this.feedText(tail);
    // Two line ends complete a pending line and then the record (a lone one would only end the line).
    if (!this.overflow) this.parser.feed('\n\n');
    return this.take();
  }

  /** True once a record outgrew the buffer limit; the stream cannot be trusted after that. */
  get overflowed(): boolean {
    return this.overflow;
  }

  private feedText(text: string): void {
    if (this.overflow) return;
    this.parser.feed(text);
  }

  private take(): SseRecord[] {
    if (this.pending.length === 0) return EMPTY;
    const out = this.pending;
    this.pending = [];
    return out;
  }
}

const EMPTY: SseRecord[] = [];
