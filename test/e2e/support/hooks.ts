// Root hooks: a screenshot of every failed end-to-end test, in test-results/screenshots/; and
// what must be torn down once every file has run (the shared workbench, session.ts).
import type { Context } from 'mocha';
import { Workbench } from './workbench';

export const current: { wb?: Workbench } = {};

const atRunEnd: (() => Promise<void>)[] = [];

/** Registers a clean-up for the end of the run (after the last file). */
export function onRunEnd(fn: () => Promise<void>): void {
  atRunEnd.push(fn);
}

export const mochaHooks = {
  async afterEach(this: Context) {
    if (this.currentTest?.state === 'failed' && current.wb) {
      const file = await current.wb.screenshot(`FAILED-${this.currentTest.fullTitle()}`).catch(() => undefined);
      if (file) console.log(`      screenshot: ${file}`);
    }
  },
  async afterAll() {
    for (const fn of atRunEnd.splice(0)) await fn();
  },
};
