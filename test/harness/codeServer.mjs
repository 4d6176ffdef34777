// Starting and stopping a real VS Code (code-server: the versions in paths.mjs) for the
// integration and end-to-end suites. Each run gets a fresh profile under .vscode-test/runs/, and
// its code-server runs on the Node that version needs.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { currentTarget, root, runsDir, vscodeTestDir } from './paths.mjs';
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
 * (paths.mjs), by default the one AIML_VSCODE names. `locale`: the display language (e.g. "de"),
 * passed as `--locale` to every code-server start of the run; the workbench takes it only once
 * a language pack for it is installed (installLanguagePack), otherwise it stays English.
 * @param {{ workspaceFixture?: string, settings?: Record<string, unknown>, workspaceTrust?: boolean,
 *   target?: import('./paths.mjs').VscodeTarget, locale?: string }} [options]
 */
export function prepareRun(name, { workspaceFixture, settings = {}, workspaceTrust = false, target = currentTarget(), locale } = {}) {
  const dir = path.join(runsDir, `${name}-${target.id}-${Date.now().toString(36)}`);
  const run = {
    dir,
    target,
    workspaceTrust,
    /** @type {string | undefined} */
    locale,
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
    ...(run.locale ? ['--locale', run.locale] : []),
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    ...(run.workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    // AIML_E2E_LOG_LEVEL=debug (or trace) writes the extension's debug lines to its log too.
    ...(process.env.AIML_E2E_LOG_LEVEL ? ['--log', process.env.AIML_E2E_LOG_LEVEL] : []),
    '--user-data-dir', run.userDataDir,
    '--extensions-dir', run.extensionsDir,
  ];
}

/**
 * Installs a packaged .vsix into the run's fresh extensions folder, as a user would.
 * @param {ReturnType<typeof prepareRun>} run
 * @param {string} vsix
 * @returns {Promise<string>} what the install printed
 */
export async function installVsix(run, vsix) {
  const out = await runInstall(run, vsix);
  registerLanguagePacks(run);
  return out;
}

function runInstall(run, vsix) {
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
 * The extensions installed in the run's extensions folder, from its extensions.json.
 * @returns {{ id: string, uuid?: string, version: string, location: string }[]}
 */
function installedExtensions(run) {
  const file = path.join(run.extensionsDir, 'extensions.json');
  if (!fs.existsSync(file)) return [];
  return JSON.parse(fs.readFileSync(file, 'utf8')).map((e) => ({
    id: e.identifier.id,
    uuid: e.identifier.uuid,
    version: e.version,
    location: e.location?.fsPath ?? e.location?.path ?? path.join(run.extensionsDir, e.relativeLocation),
  }));
}

/**
 * Writes the profile's `languagepacks.json` from the installed extensions that contribute
 * `localizations`, as VS Code's own language pack cache does.
 *
 * The server looks the requested locale up in that file (and only there) when it serves the
 * workbench and when it starts the extension host: no entry, and both run in English whatever
 * `--locale` says. An extension installed in the running server updates the file; one installed
 * with `code-server --install-extension` (a separate process, code-server 4.100 and 4.139 alike)
 * does not. Nothing is written when no language pack is installed.
 */
function registerLanguagePacks(run) {
  /** @type {Record<string, { hash: string, extensions: { extensionIdentifier: { id: string, uuid?: string }, version: string }[], translations: Record<string, string>, label: string }>} */
  const packs = {};
  for (const ext of installedExtensions(run)) {
    const manifestFile = path.join(ext.location, 'package.json');
    if (!fs.existsSync(manifestFile)) continue;
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
    for (const loc of manifest.contributes?.localizations ?? []) {
      const pack = (packs[loc.languageId] ??= { hash: '', extensions: [], translations: {}, label: loc.localizedLanguageName ?? loc.languageName });
      pack.extensions.push({ extensionIdentifier: { id: ext.id, ...(ext.uuid ? { uuid: ext.uuid } : {}) }, version: ext.version });
      for (const t of loc.translations ?? []) pack.translations[t.id] = path.join(ext.location, t.path);
    }
  }
  if (Object.keys(packs).length === 0) return;
  for (const pack of Object.values(packs)) {
    // The server keeps its generated messages under clp/<hash>.<locale>/: the hash changes with the packs' versions.
    const md5 = createHash('md5');
    for (const e of pack.extensions) md5.update(e.extensionIdentifier.uuid ?? e.extensionIdentifier.id).update(e.version);
    pack.hash = md5.digest('hex');
  }
  fs.writeFileSync(path.join(run.userDataDir, 'languagepacks.json'), JSON.stringify(packs));
}

/**
 * The fixture language pack for `locale` (test/fixtures/langpack-<locale>/) as a .vsix, packaged
 * with vsce into .vscode-test/fixtures/ on first use and again whenever the fixture changes.
 * code-server installs a .vsix or a Marketplace id, not a folder.
 * @param {string} locale
 */
export function languagePackVsix(locale) {
  const fixture = path.join(root, 'test', 'fixtures', `langpack-${locale}`);
  if (!fs.existsSync(path.join(fixture, 'package.json'))) {
    throw new Error(`no language pack fixture for locale "${locale}": expected ${fixture}/package.json`);
  }
  const md5 = createHash('md5');
  for (const f of (fs.readdirSync(fixture, { recursive: true })).map(String).sort()) {
    const file = path.join(fixture, f);
    if (fs.statSync(file).isFile()) md5.update(f).update(fs.readFileSync(file));
  }
  const outDir = path.join(vscodeTestDir, 'fixtures');
  const vsix = path.join(outDir, `langpack-${locale}-${md5.digest('hex').slice(0, 12)}.vsix`);
  if (fs.existsSync(vsix)) return vsix;
  fs.mkdirSync(outDir, { recursive: true });
  // Packaged under a name of its own, then renamed: two runs side by side may package at once.
  const tmp = `${vsix}.${process.pid}.tmp.vsix`;
  const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--out', tmp], {
    cwd: fixture,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.status !== 0 || !fs.existsSync(tmp)) {
    fs.rmSync(tmp, { force: true });
    throw new Error(`vsce could not package ${fixture} (exit ${r.status}):\n${r.stdout}${r.stderr}`);
  }
  fs.renameSync(tmp, vsix);
  return vsix;
}

/**
 * Installs the fixture language pack for the run's locale (prepareRun's `locale`) and registers
 * it, so the workbench and the extension host start in that language: `vscode.env.language` is
 * the locale, and extensions use their package.nls.<locale>.json and l10n bundles. The pack has
 * no translations of its own, so VS Code's own menus and views stay English.
 * @param {ReturnType<typeof prepareRun>} run
 */
export async function installLanguagePack(run, locale = run.locale) {
  if (!locale) throw new Error('installLanguagePack needs a locale (prepareRun({ locale }))');
  const out = await installVsix(run, languagePackVsix(locale));
  // code-server's --install-extension exits 0 even when the install failed: check the result.
  const file = path.join(run.userDataDir, 'languagepacks.json');
  const packs = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
  if (!packs[locale]) throw new Error(`the ${locale} language pack is not installed:\n${out}`);
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
