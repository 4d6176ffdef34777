// Where the test harness keeps what it installs and what each run writes.
// Everything here is git-ignored; nothing is written into the user's home or /tmp.
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const vscodeTestDir = path.join(root, '.vscode-test');
export const codeServerVersion = '4.100.3';
export const codeServerDir = path.join(vscodeTestDir, `code-server-${codeServerVersion}`);
export const codeServerBin = path.join(codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const runsDir = path.join(vscodeTestDir, 'runs');
export const screenshotsDir = path.join(root, 'test-results', 'screenshots');
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
