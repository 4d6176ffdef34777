#!/usr/bin/env node
// End-to-end suite: packages the extension (unless AIML_E2E_VSIX names a .vsix), then runs the
// playwright tests, each of which installs that .vsix into a fresh code-server profile.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { root } from '../harness/paths.mjs';
import { installCodeServer } from '../harness/install-code-server.mjs';

installCodeServer();
let vsix = process.env.AIML_E2E_VSIX;
if (!vsix) {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const r = spawnSync('npm', ['run', '--silent', 'package'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
  vsix = path.join(root, `aiml-claude-${pkg.version}.vsix`);
}
const args = [path.join(root, 'node_modules', 'mocha', 'bin', 'mocha.js'), '--config', path.join(root, 'test', 'e2e', 'mocharc.json')];
const reporter = path.join(root, 'test', 'harness', 'stats-reporter.cjs');
args.push('--reporter', reporter, ...process.argv.slice(2));
const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env: { ...process.env, AIML_E2E_VSIX: vsix } });
process.exit(r.status ?? 1);
