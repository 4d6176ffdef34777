#!/usr/bin/env node
// The same integration suite on desktop VS Code, for machines with internet access:
// @vscode/test-electron downloads VS Code (minimum supported version by default) and runs it.
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { runTests } from '@vscode/test-electron';
import { root } from '../harness/paths.mjs';
import { prepareRun } from '../harness/codeServer.mjs';
import { buildIntegrationTests } from './build.mjs';
import { makeRunCa } from '../support/testCertificates.mjs';

const b = spawnSync(process.execPath, [path.join(root, 'esbuild.mjs')], { cwd: root, stdio: 'inherit' });
if (b.status !== 0) process.exit(1);
const testsIndex = await buildIntegrationTests('suite', 'electron');
const run = prepareRun('electron', { workspaceFixture: path.join(root, 'test', 'fixtures', 'workspace') });
try {
  await runTests({
    version: process.env.VSCODE_VERSION ?? '1.100.3',
    extensionDevelopmentPath: root,
    extensionTestsPath: testsIndex,
    launchArgs: [run.workspace, '--disable-extensions', '--user-data-dir', run.userDataDir, '--extensions-dir', run.extensionsDir],
    extensionTestsEnv: { AIML_TEST_USER_DATA_DIR: run.userDataDir, AIML_TEST_RUN_DIR: run.dir, AIML_TEST_STATS_FILE: process.env.MOCHA_STATS_FILE ?? '', ...makeRunCa(run.dir) },
  });
} catch (err) {
  console.error(`[electron] ${err instanceof Error ? err.message : err}`);
  process.exit(1);
}
