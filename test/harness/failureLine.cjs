// One failing test as a line for a suite's summary: "Suite › test: the error's first line", cut
// to a length a summary can hold. Shared by the mocha reporter of the unit and end-to-end suites
// (stats-reporter.cjs) and the integration suite's runner (test/integration/suite/index.ts).
function failureLine(test, err) {
  const title = typeof test.titlePath === 'function' ? test.titlePath().join(' › ') : String(test.title);
  const message = String(err?.message ?? err ?? '').split('\n')[0];
  const line = `${title}: ${message}`;
  return line.length > 300 ? `${line.slice(0, 299)}…` : line;
}

module.exports = { failureLine };
