/**
 * X-Client-Request-Id: what support asks for. AI/ML accepts 1–128 chars of [A-Za-z0-9._:-].
 */
import { randomUUID } from 'node:crypto';

const ALLOWED = /[^A-Za-z0-9._:-]/g;

/** A caller's id made valid (bad characters → '-', cut to 128), or a fresh UUID when none. */
export function clientRequestId(given: string | undefined): string {
  if (given === undefined) return randomUUID();
  const cleaned = given.replace(ALLOWED, '-').slice(0, 128);
  return cleaned === '' ? randomUUID() : cleaned;
}
