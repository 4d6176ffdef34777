#!/usr/bin/env node
// Runs the integration suite inside a real VS Code extension host: code-server with the extension
// loaded from this folder in development mode, mocha started through the workbench's `payload`
// URL parameter, its exit code passed through. Works offline. On each VS Code version AIML_VSCODE
// selects (min = 1.100.3, latest = 1.139.1, both by default; test/harness/paths.mjs), two launches
// (see LAUNCHES): the counts of all go to $MOCHA_STATS_FILE.
import fs from 'node:fs';
import { format } from 'node:util';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { root, screenshotsDir, selectedTargets, targetLabel } from '../harness/paths.mjs';
import { installCodeServer } from '../harness/install-code-server.mjs';
import { prepareRun, startCodeServer, workbenchUrl } from '../harness/codeServer.mjs';
import { closeBrowser, launchBrowser } from '../harness/browser.mjs';
import { allowTestPayload, assertTestPayloadAllowed } from '../harness/testPayload.mjs';
import { buildIntegrationTests } from './build.mjs';
import { makeRunCa } from '../support/testCertificates.mjs';

// Workbench chatter that says nothing about the tests.
const NOISE = [
  /^Resolv(ing|ed) connection token/, /^Creating a socket/, /gallery as it is disabled/, /^\[Service Worker\]/, /^ChatSessionStore/, /^\[lifecycle\]/, /IPC handle .* is longer than/,
  // VS Code 1.139's chat and agent host, which the tests do not use.
  /^\[(ChatModelSelection|AgentHost[^\]]*|RemoteAgentHostProtocol|AccountPolicyGate)\]/,
];

const TIMEOUT_MS = Number(process.env.AIML_INTEGRATION_TIMEOUT_MS ?? 10 * 60_000);

/**
 * Two launches, each with its own profile and workspace folder: the main suite with workspace
 * trust off (every folder trusted), then Restricted Mode — trust on, and a folder that is not
 * trusted whose .vscode/settings.json holds hostile values (test/fixtures/untrusted-workspace).
 * `AIML_INTEGRATION_ONLY=suite|restricted` runs one of them.
 */
const LAUNCHES = [
  { name: 'integration', tests: 'suite', fixture: 'workspace', workspaceTrust: false },
  { name: 'integration-restricted', tests: 'restricted', fixture: 'untrusted-workspace', workspaceTrust: true },
];

async function main() {
  const targets = selectedTargets();
  for (const target of targets) installCodeServer(target);
  if (!process.env.AIML_SKIP_BUILD) {
    const b = spawnSync(process.execPath, [path.join(root, 'esbuild.mjs')], { cwd: root, stdio: 'inherit' });
    if (b.status !== 0) throw new Error('extension build failed');
  }
  const only = process.env.AIML_INTEGRATION_ONLY;
  const total = { passes: 0, failures: 0, pending: 0, tests: 0 };
  const failed = [];
  let code = 0;
  for (const target of targets) {
    for (const launch of LAUNCHES.filter((l) => !only || l.tests === only)) {
      const label = `${launch.name} (${targetLabel(target)})`;
      console.log(`[integration] ${label}`);
      const result = await runLaunch(launch, target);
      code ||= result.code;
      if (!result.stats) {
        console.error(`[integration] ${label}: the test runner wrote no results`);
        code ||= 1;
        continue;
      }
      for (const k of Object.keys(total)) total[k] += result.stats[k] ?? 0;
      for (const line of result.stats.failed ?? []) failed.push(`${launch.name}: ${line}`);
      console.log(`[integration] ${label}: ${result.stats.passes} passed, ${result.stats.failures} failed`);
    }
  }
  const statsFile = process.env.MOCHA_STATS_FILE;
  if (statsFile) fs.writeFileSync(statsFile, JSON.stringify({ ...total, failed }));
  return code;
}

async function runLaunch({ name, tests, fixture, workspaceTrust }, target) {
  const testsIndex = await buildIntegrationTests(tests, target.id);
  const run = prepareRun(name, { workspaceFixture: path.join(root, 'test', 'fixtures', fixture), workspaceTrust, target });
  const statsFile = path.join(run.dir, 'stats.json');
  // A CA the extension host trusts through NODE_EXTRA_CA_CERTS, as a TLS-inspecting network's
  // would be configured: it must exist before the editor starts (connection.test.ts).
  const server = await startCodeServer(run, {
    env: { AIML_TEST_STATS_FILE: statsFile, AIML_TEST_USER_DATA_DIR: run.userDataDir, AIML_TEST_RUN_DIR: run.dir, ...makeRunCa(run.dir) },
  });
  let browser;
  let code;
  try {
    browser = await launchBrowser(run);
    const page = browser.pages()[0] ?? (await browser.newPage());
    let exit;
    const exited = new Promise((resolve) => (exit = resolve));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      // The host forwards console calls as (format, ...args), printf style.
      const text = Array.isArray(args) ? format(...args) : String(args);
      if (NOISE.some((re) => re.test(text))) return;
      (type === 'error' ? process.stderr : process.stdout).write(`${text}\n`);
    });
    await page.exposeFunction('codeAutomationExit', (c) => exit(Number(c)));
    await allowTestPayload(page);
    const payload = [
      ['extensionDevelopmentPath', `vscode-remote://remote${root}`],
      ['extensionTestsPath', `vscode-remote://remote${testsIndex}`],
    ];
    await page.goto(workbenchUrl(server, run, payload));
    await assertTestPayloadAllowed(page);
    const timer = new Promise((resolve) => setTimeout(() => resolve('timeout'), TIMEOUT_MS));
    const result = await Promise.race([exited, timer]);
    if (result === 'timeout') {
      fs.mkdirSync(screenshotsDir, { recursive: true });
      await page.screenshot({ path: path.join(screenshotsDir, `${name}-${target.id}-timeout.png`) }).catch(() => undefined);
      console.error(`[integration] ${name}: no result within ${TIMEOUT_MS / 1000} s; see ${server.logFile}`);
      code = 1;
    } else {
      code = result;
    }
  } finally {
    if (browser) await closeBrowser(browser);
    await server.stop();
  }
  const stats = fs.existsSync(statsFile) ? JSON.parse(fs.readFileSync(statsFile, 'utf8')) : undefined;
  return { code, stats };
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`[integration] ${err.stack ?? err}`);
    process.exit(1);
  },
);
