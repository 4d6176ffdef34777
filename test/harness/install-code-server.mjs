#!/usr/bin/env node
// Installs code-server (a real VS Code 1.100 server and workbench) from the npm registry into
// .vscode-test/, with the four fixes an offline root machine needs (see
// docs/testing.md). Idempotent: a finished install is detected and kept.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { codeServerBin, codeServerDir, codeServerVersion } from './paths.mjs';

export function codeServerInstalled() {
  return fs.existsSync(codeServerBin) && fs.existsSync(path.join(codeServerDir, '.complete'));
}

function which(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

export function installCodeServer() {
  if (codeServerInstalled()) return;
  const rg = which('rg');
  if (!rg) throw new Error('ripgrep (rg) is missing: apt-get install -y ripgrep');
  if (!fs.existsSync('/usr/include/gssapi.h') && !fs.existsSync('/usr/include/gssapi/gssapi.h')) {
    throw new Error('gssapi.h is missing (needed by the kerberos module): apt-get install -y libkrb5-dev');
  }
  fs.rmSync(codeServerDir, { recursive: true, force: true });
  const tmp = path.join(codeServerDir, 'tmp');
  fs.mkdirSync(tmp, { recursive: true });

  // Fix 3: @vscode/ripgrep accepts a cached tarball instead of downloading from GitHub.
  const cache = path.join(tmp, 'vscode-ripgrep-cache-1.15.11');
  fs.mkdirSync(cache, { recursive: true });
  const stage = path.join(tmp, 'rg-stage');
  fs.mkdirSync(stage, { recursive: true });
  fs.copyFileSync(rg, path.join(stage, 'rg'));
  execFileSync('tar', ['-czf', path.join(cache, 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz'), '-C', stage, 'rg']);

  fs.writeFileSync(
    path.join(codeServerDir, 'package.json'),
    JSON.stringify({ name: 'aiml-claude-code-server', private: true, dependencies: { 'code-server': codeServerVersion } }, null, 2),
  );
  const env = {
    ...process.env,
    TMPDIR: tmp,
    npm_config_unsafe_perm: 'true', // fix 1: the postinstall refuses root otherwise
    npm_config_yes: 'true', // fix 4: node-pty's postinstall runs `npx node-gyp`
    npm_config_dangerously_allow_all_scripts: 'true', // npm 11 blocks dependency scripts by default
    npm_config_fund: 'false',
    npm_config_audit: 'false',
  };
  console.log(`[harness] installing code-server ${codeServerVersion} into ${codeServerDir} (a few minutes)`);
  const r = spawnSync('npm', ['install', '--no-save', '--no-package-lock', '--loglevel=error'], {
    cwd: codeServerDir,
    env,
    stdio: 'inherit',
  });
  if (r.status !== 0 || !fs.existsSync(codeServerBin)) {
    throw new Error(`code-server install failed (npm exit ${r.status})`);
  }
  fs.writeFileSync(path.join(codeServerDir, '.complete'), new Date().toISOString());
  console.log('[harness] code-server installed');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    installCodeServer();
  } catch (err) {
    console.error(`[harness] ${err.message}`);
    process.exit(1);
  }
}
