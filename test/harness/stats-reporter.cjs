// A mocha reporter: the usual spec output, plus the run's counts and the failing tests' titles
// written to $MOCHA_STATS_FILE, so that test/run-all.mjs can print each suite's counts, fail a suite
// that ran no test, and name what failed in its summary (a CI log is often read from its end).
const fs = require('node:fs');
const Mocha = require('mocha');
const { failureLine } = require('./failureLine.cjs');

class StatsReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const failed = [];
    runner.on(Mocha.Runner.constants.EVENT_TEST_FAIL, (test, err) => failed.push(failureLine(test, err)));
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const file = process.env.MOCHA_STATS_FILE;
      if (!file) return;
      const s = runner.stats ?? {};
      fs.writeFileSync(file, JSON.stringify({ passes: s.passes ?? 0, failures: s.failures ?? 0, pending: s.pending ?? 0, tests: s.tests ?? 0, failed }));
    });
  }
}

module.exports = StatsReporter;
