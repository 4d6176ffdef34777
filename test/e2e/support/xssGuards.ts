// What the XSS end-to-end tests check after hostile text was drawn: no script ran in any frame
// (a canary global), and nothing was fetched from a beacon server the payloads point at.
import * as assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';

export interface Beacon {
  /** http://127.0.0.1:port — what the payloads load from. */
  url(): string;
  /** "METHOD /path" of every request that reached it. */
  readonly hits: string[];
}

/** A loopback server the payloads reference, started before the suite's tests and closed after. */
export function useBeacon(): Beacon {
  let server: http.Server | undefined;
  const hits: string[] = [];
  before(async function () {
    server = http.createServer((req, res) => {
      hits.push(`${req.method} ${req.url}`);
      res.end('');
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
  });
  after(async function () {
    await new Promise((r) => server?.close(r));
  });
  return {
    hits,
    url: () => `http://127.0.0.1:${(server!.address() as AddressInfo).port}`,
  };
}

/** The value of window[name] in every frame that has one (frames that cannot be reached are left out). */
export async function canaries(page: Page, name = '__xss'): Promise<unknown[]> {
  const values: unknown[] = [];
  for (const f of page.frames()) values.push(await f.evaluate((n) => (window as unknown as Record<string, unknown>)[n], name).catch(() => 'unreachable'));
  return values.filter((v) => v !== undefined && v !== 'unreachable');
}

/**
 * Guards the guard, then checks: a value set inside the panel's own document is seen by
 * canaries() (so an empty result means no script ran, not that the panel was not looked at), and
 * no payload set the canary in any frame.
 */
export async function assertNoScriptRan(page: Page): Promise<void> {
  const panelFrames = [];
  for (const f of page.frames()) if (await f.locator('.composer-input').count().catch(() => 0)) panelFrames.push(f);
  assert.equal(panelFrames.length, 1, "the panel's document is one of the frames checked");
  await panelFrames[0]!.evaluate(() => ((window as unknown as Record<string, unknown>).__probe = 1));
  assert.deepEqual(await canaries(page, '__probe'), [1], 'the canary check sees the panel’s document');
  assert.deepEqual(await canaries(page), [], 'no script ran');
}
