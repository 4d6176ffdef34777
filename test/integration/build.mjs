// Bundles the integration tests (and what they import from src/ and test/support/) into
// out/test/integration/, one file per test, with `vscode` and mocha left to the host.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { root } from '../harness/paths.mjs';

export const outDir = path.join(root, 'out', 'test', 'integration');

export async function buildIntegrationTests() {
  const srcDir = path.join(root, 'test', 'integration', 'suite');
  const entries = fs.readdirSync(srcDir).filter((f) => f === 'index.ts' || f.endsWith('.test.ts'));
  fs.rmSync(outDir, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: entries.map((f) => path.join(srcDir, f)),
    outdir: outDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    // `proxy` is ESM-only and reads its own package.json: tests load it with a dynamic import.
    external: ['vscode', 'mocha', 'proxy'],
    logLevel: 'warning',
  });
  return path.join(outDir, 'index.js');
}
