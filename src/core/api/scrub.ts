/**
 * Keeps secrets and noise out of error texts: servers sometimes echo the Authorization header or
 * the key back, and proxies answer with whole HTML pages.
 */
import { STATUS_CODES } from 'node:http';

const MAX_SERVER_MESSAGE = 300;

/** Removes `Bearer …` tokens and every given secret (the API key) from a text. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text.replace(/Bearer\s+[^\s"',;]+/gi, 'Bearer [redacted]');
  for (const secret of secrets) {
    // Very short "secrets" would shred ordinary words; real keys are long.
    if (secret.length >= 6) out = out.split(secret).join('[redacted]');
  }
  return out;
}

/** One line, at most ~300 characters, with an ellipsis when cut. */
export function shorten(text: string, max = MAX_SERVER_MESSAGE): string {
  const oneLine = text
    .split(/\r\n|\r|\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .join('; ')
    .replace(/\s+/g, ' ');
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

/** "HTTP 502 Bad Gateway": what an HTML error page is reduced to. */
export function statusText(status: number): string {
  const reason = STATUS_CODES[status];
  return reason ? `HTTP ${status} ${reason}` : `HTTP ${status}`;
}

export function looksLikeHtml(contentType: string | undefined, text: string): boolean {
  if (contentType !== undefined && /html/i.test(contentType)) return true;
  return /^\s*<(!doctype|html|head|body|\?xml)/i.test(text);
}
