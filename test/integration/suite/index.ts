// The test runner that VS Code's extension host loads (extensionTestsPath). The same module serves
// code-server (payload URL, this machine) and @vscode/test-electron (desktops with internet).
import fs from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';
import { failureLine } from '../../harness/failureLine.cjs';

export function run(): Promise<void> {
  // A `.only` left in a test, or a skipped or pending one, fails the run: either would quietly
  // leave tests out (the unit and end-to-end suites do the same in their mocharc files).
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 30_000, reporter: 'spec', forbidOnly: true, forbidPending: true });
  const grep = process.env.AIML_TEST_GREP;
  if (grep) mocha.grep(grep);
  const dir = __dirname;
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.test.js'))
    .sort();
  for (const f of files) mocha.addFile(path.join(dir, f));

  return new Promise((resolve, reject) => {
    try {
      const failed: string[] = [];
      const runner = mocha.run((failures) => {
        const statsFile = process.env.AIML_TEST_STATS_FILE;
        if (statsFile) {
          const s = runner.stats;
          fs.writeFileSync(statsFile, JSON.stringify({ passes: s?.passes ?? 0, failures: s?.failures ?? 0, pending: s?.pending ?? 0, tests: s?.tests ?? 0, failed }));
        }
        if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
        else if (files.length === 0) reject(new Error('no integration test files found'));
        else resolve();
      });
      runner.on(Mocha.Runner.constants.EVENT_TEST_FAIL, (test, err: unknown) => failed.push(failureLine(test, err)));
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}
