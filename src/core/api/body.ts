/**
 * Reading undici response bodies whole, with limits: error pages and model lists are small, and
 * a broken gateway must not make us buffer megabytes of HTML.
 */
import type { Dispatcher } from 'undici';

type Body = Dispatcher.ResponseData['body'];

/** Up to `limit` bytes as text; the rest is discarded and the body destroyed. Read errors end it quietly. */
export async function readCapped(body: Body, limit: number): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      const buf = chunk as Buffer;
      parts.push(size + buf.length > limit ? buf.subarray(0, limit - size) : buf);
      size += buf.length;
      if (size >= limit) break;
    }
  } catch {
    // An error page that breaks off still says what it said so far.
  }
  if (!body.destroyed) body.destroy();
  return Buffer.concat(parts).toString('utf8');
}

/** The whole body as text, errors propagated (a JSON answer must be complete to count). */
export async function readAll(body: Body, limit: number): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) throw new Error(`Response body larger than ${limit} bytes`);
    parts.push(buf);
  }
  return Buffer.concat(parts).toString('utf8');
}
