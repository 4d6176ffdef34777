// Bundles the integration tests (and what they import from src/ and test/support/) into
// out/test/<version id>/integration/, one file per test, with `vscode` and mocha left to the host.
// The Restricted Mode launch's tests (test/integration/restricted/) go to their own folder, with
// the same runner (suite/index.ts). One folder per VS Code version: `npm test` runs the versions
// side by side, and one run's rebuild must not delete the files the other's host is loading.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { root } from '../harness/paths.mjs';

/**
 * @param {'suite' | 'restricted'} which
 * @param {string} versionId the VS Code version's id (test/harness/paths.mjs): min or latest
 */
export async function buildIntegrationTests(which, versionId) {
  const suiteDir = path.join(root, 'test', 'integration', 'suite');
  const srcDir = path.join(root, 'test', 'integration', which);
  const out = path.join(root, 'out', 'test', versionId, which === 'suite' ? 'integration' : 'integration-restricted');
  const tests = fs.readdirSync(srcDir).filter((f) => f.endsWith('.test.ts'));
  fs.rmSync(out, { recursive: true, force: true });
  await esbuild.build({
    // Named entries: one flat folder, whichever folder each file comes from.
    entryPoints: Object.fromEntries([
      ['index', path.join(suiteDir, 'index.ts')],
      ...tests.map((f) => [f.replace(/\.ts$/, ''), path.join(srcDir, f)]),
    ]),
    outdir: out,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    // `proxy` is ESM-only and reads its own package.json: tests load it with a dynamic import.
    external: ['vscode', 'mocha', 'proxy'],
    logLevel: 'warning',
  });
  return path.join(out, 'index.js');
}
