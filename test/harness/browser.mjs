// Debian's chromium, driven by playwright-core, with the flags this closed network needs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumPath } from './paths.mjs';
import { runEnv } from './codeServer.mjs';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-features=Translate,MediaRouter,OptimizationHints',
];

/**
 * A persistent context in the run's own chrome profile (fresh per run).
 * @param {{ chromeProfile: string, xdg: string, tmp: string }} run
 * @param {{ viewport?: { width: number, height: number }, colorScheme?: 'light' | 'dark' }} [options]
 */
export async function launchBrowser(run, { viewport = { width: 1400, height: 900 }, colorScheme = 'dark' } = {}) {
  // Chromium puts its singleton socket under TMPDIR, and a Unix socket path may not exceed 107
  // bytes: a deep checkout would break it, so chromium gets a short temporary folder of its own.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'aimlc-'));
  const context = await chromium.launchPersistentContext(run.chromeProfile, {
    executablePath: chromiumPath,
    headless: true,
    args: chromiumArgs,
    env: { ...runEnv(run), TMPDIR: tmp },
    viewport,
    colorScheme,
    ignoreDefaultArgs: ['--enable-automation'],
  });
  context.once('close', () => fs.rmSync(tmp, { recursive: true, force: true }));
  return context;
}

/** Leave pages on about:blank so code-server drops the extension host at once, then close. */
export async function closeBrowser(context) {
  for (const page of context.pages()) {
    try {
      await page.goto('about:blank', { timeout: 5000 });
    } catch {
      // the page may already be gone
    }
  }
  await context.close();
}
