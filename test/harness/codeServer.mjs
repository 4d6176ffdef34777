// Starting and stopping a real VS Code (code-server: the versions in paths.mjs) for the
// integration and end-to-end suites. Each run gets a fresh profile under .vscode-test/runs/, and
// its code-server runs on the Node that version needs.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { currentTarget, runsDir } from './paths.mjs';
import { installCodeServer } from './install-code-server.mjs';

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * A fresh run folder: profile, extensions, XDG dirs, TMPDIR, and a copy of the fixture workspace.
 * @param {string} name
 * `workspaceTrust`: VS Code's workspace trust on, the workspace folder not trusted (Restricted
 * Mode); otherwise trust is off and every folder counts as trusted. `target`: the VS Code version
 * (paths.mjs), by default the one AIML_VSCODE names.
 * @param {{ workspaceFixture?: string, settings?: Record<string, unknown>, workspaceTrust?: boolean,
 *   target?: import('./paths.mjs').VscodeTarget }} [options]
 */
export function prepareRun(name, { workspaceFixture, settings = {}, workspaceTrust = false, target = currentTarget() } = {}) {
  const dir = path.join(runsDir, `${name}-${target.id}-${Date.now().toString(36)}`);
  const run = {
    dir,
    target,
    workspaceTrust,
    userDataDir: path.join(dir, 'user-data'),
    extensionsDir: path.join(dir, 'extensions'),
    xdg: path.join(dir, 'xdg'),
    tmp: path.join(dir, 'tmp'),
    workspace: path.join(dir, 'workspace'),
    chromeProfile: path.join(dir, 'chrome'),
  };
  for (const d of [run.userDataDir, run.extensionsDir, run.xdg, run.tmp, run.workspace, run.chromeProfile]) {
    fs.mkdirSync(d, { recursive: true });
  }
  if (workspaceFixture) fs.cpSync(workspaceFixture, run.workspace, { recursive: true });
  const userDir = path.join(run.userDataDir, 'User');
  fs.mkdirSync(userDir, { recursive: true });
  fs.writeFileSync(
    path.join(userDir, 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'workbench.enableExperiments': false,
        'workbench.welcomePage.walkthroughs.openOnInstall': false,
        'telemetry.telemetryLevel': 'off',
        'security.workspace.trust.enabled': workspaceTrust,
        // A fresh profile trusts no folder; these keep the start-up prompt from asking.
        ...(workspaceTrust ? { 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.untrustedFiles': 'open' } : {}),
        'update.mode': 'none',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'extensions.ignoreRecommendations': true,
        'git.enabled': false,
        'window.restoreWindows': 'none',
        'files.hotExit': 'off',
        'editor.accessibilitySupport': 'off',
        ...settings,
      },
      null,
      2,
    ),
  );
  return run;
}

export function runEnv(run, extra = {}) {
  return {
    ...process.env,
    EXTENSIONS_GALLERY: '{}',
    XDG_CONFIG_HOME: path.join(run.xdg, 'config'),
    XDG_DATA_HOME: path.join(run.xdg, 'data'),
    XDG_CACHE_HOME: path.join(run.xdg, 'cache'),
    TMPDIR: run.tmp,
    // A proxy from the caller's environment must not capture loopback traffic.
    NO_PROXY: '127.0.0.1,localhost',
    ...extra,
  };
}

function codeServerArgs(run) {
  return [
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    ...(run.workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    '--user-data-dir', run.userDataDir,
    '--extensions-dir', run.extensionsDir,
  ];
}

/** Installs a packaged .vsix into the run's fresh extensions folder, as a user would. */
export function installVsix(run, vsix) {
  installCodeServer(run.target);
  return new Promise((resolve, reject) => {
    const child = spawn(run.target.nodeBin, [run.target.bin, ...codeServerArgs(run), '--install-extension', vsix], {
      env: runEnv(run),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`--install-extension exited ${code}:\n${out}`))));
  });
}

/**
 * Starts code-server on a free loopback port and waits for /healthz.
 * @param {ReturnType<typeof prepareRun>} run
 * @param {{ env?: Record<string, string>, log?: boolean }} [options]
 */
export async function startCodeServer(run, { env = {}, log = false } = {}) {
  installCodeServer(run.target);
  const port = await freePort();
  const logFile = path.join(run.dir, 'code-server.log');
  // VS Code's IPC sockets live in TMPDIR and a Unix socket path is limited to 107 bytes.
  const shortTmp = fs.mkdtempSync(path.join(os.tmpdir(), 'aimlv-'));
  const out = fs.openSync(logFile, 'a');
  // The server forks its extension host with its own Node: Node 24 for 1.139, the harness's for 1.100.
  const child = spawn(
    run.target.nodeBin,
    [run.target.bin, '--bind-addr', `127.0.0.1:${port}`, ...codeServerArgs(run), run.workspace],
    { env: runEnv(run, { TMPDIR: shortTmp, ...env }), stdio: ['ignore', out, out], detached: true },
  );
  fs.closeSync(out);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}; see ${logFile}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`code-server did not answer /healthz within 60 s; see ${logFile}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  if (log) console.log(`[harness] code-server pid ${child.pid} on ${url}`);
  return {
    url,
    pid: child.pid,
    logFile,
    /** Stops the server by its PID (its process group: the extension hosts go too). */
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        child.kill('SIGTERM');
      }
      const t = setTimeout(() => {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 5000);
      await exited;
      clearTimeout(t);
      fs.rmSync(shortTmp, { recursive: true, force: true });
    },
  };
}

/** Folder URL for the workbench, with an optional test payload. */
export function workbenchUrl(server, run, payload) {
  const params = new URLSearchParams({ folder: run.workspace });
  if (payload) params.set('payload', JSON.stringify(payload));
  return `${server.url}/?${params.toString()}`;
}
