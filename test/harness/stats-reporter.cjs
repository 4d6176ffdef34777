// A mocha reporter: the usual spec output, plus the run's counts written to $MOCHA_STATS_FILE so
// that test/run-all.mjs can print each suite's counts and fail a suite that ran no test.
const fs = require('node:fs');
const Mocha = require('mocha');

class StatsReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const file = process.env.MOCHA_STATS_FILE;
      if (!file) return;
      const s = runner.stats ?? {};
      fs.writeFileSync(file, JSON.stringify({ passes: s.passes ?? 0, failures: s.failures ?? 0, pending: s.pending ?? 0, tests: s.tests ?? 0 }));
    });
  }
}
module.exports = StatsReporter;
