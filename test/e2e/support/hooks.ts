// Root hooks: a screenshot of every failed end-to-end test, in test-results/screenshots/.
import type { Context } from 'mocha';
import { Workbench } from './workbench';

export const current: { wb?: Workbench } = {};

export const mochaHooks = {
  async afterEach(this: Context) {
    if (this.currentTest?.state === 'failed' && current.wb) {
      const file = await current.wb.screenshot(`FAILED-${this.currentTest.fullTitle()}`).catch(() => undefined);
      if (file) console.log(`      screenshot: ${file}`);
    }
  },
};
