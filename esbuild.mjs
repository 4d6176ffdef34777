// One build script, five bundles:
//   dist/extension.js  what activation needs: commands, the chat view, code actions (node, cjs,
//                      `vscode` external); everything they do is in dist/main.js
//   dist/main.js       the extension proper, loaded on first use or shortly after start-up
//   dist/api.js        the AI/ML API client, loaded by dist/main.js on first use
//   dist/webview.js    the chat panel (browser, iife)
//   dist/cli.js        the `aiml-claude` terminal front end (node, cjs, with a shebang)
// Flags: --production (minified, no source maps), --watch (rebuild on change).
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

// zod's classic API re-exports every locale (≈260 KB minified) as `z.locales`, which no bundler
// can drop. Only English messages are ever shown, so the locale index is replaced by English alone.
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]/.test(args.importer) ? { path: 'zod-locales-en', namespace: 'zod-locales' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-locales' }, () => ({
      contents: "export { default as en } from 'zod/v4/locales/en.js';",
      resolveDir: process.cwd(),
      loader: 'js',
    }));
  },
};

// dist/main.js and dist/api.js are required lazily at run time (src/host/mainLoader.ts,
// src/host/apiLoader.ts), not bundled into the file that requires them. Matched by importer, since
// dependencies have './api.js' files of their own (zod does).
const lazyBundles = {
  name: 'lazy-bundles',
  setup(build) {
    const lazy = [
      [path.join('src', 'host', 'apiLoader.ts'), './api.js'],
      [path.join('src', 'host', 'mainLoader.ts'), './main.js'],
    ];
    build.onResolve({ filter: /^\.\/(api|main)\.js$/ }, (args) =>
      lazy.some(([importer, file]) => args.importer.endsWith(importer) && args.path === file) ? { path: args.path, external: true } : undefined,
    );
  },
};

// esbuild turns each file's `import * as vscode from 'vscode'` into its own copy of the API's
// few hundred properties, made while the bundle loads (about 40 files: several ms of start-up).
// Routing every import through one module that re-exports `vscode` makes a single copy.
const oneVscodeNamespace = {
  name: 'one-vscode-namespace',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) =>
      args.namespace === 'vscode-once' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'vscode-once' },
    );
    build.onLoad({ filter: /.*/, namespace: 'vscode-once' }, () => ({ contents: "export * from 'vscode';", loader: 'js' }));
  },
};

const common = {
  plugins: [zodEnglishOnly],
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  legalComments: production ? 'none' : 'inline',
  define: { 'process.env.NODE_ENV': production ? '"production"' : '"development"' },
};

// The two extension-host bundles. Each records when it began and finished running, for the
// activation times in the log (src/host/bundleTiming.ts).
const hostBundle = {
  ...common,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  banner: { js: 'var __aimlBundleStart = performance.now();' },
  footer: { js: 'var __aimlBundleEnd = performance.now();' },
  metafile: true,
};

/** @type {esbuild.BuildOptions[]} */
const builds = [
  {
    ...hostBundle,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    plugins: [oneVscodeNamespace, lazyBundles],
  },
  {
    ...hostBundle,
    entryPoints: ['src/host/main.ts'],
    outfile: 'dist/main.js',
    plugins: [zodEnglishOnly, oneVscodeNamespace, lazyBundles],
  },
  {
    ...common,
    entryPoints: ['src/core/api/index.ts'],
    outfile: 'dist/api.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    metafile: true,
  },
  {
    ...common,
    entryPoints: ['src/webview/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    format: 'iife',
    target: ['chrome120'],
    metafile: true,
  },
  {
    ...common,
    entryPoints: ['src/cli.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    metafile: true,
  },
];

function reportSizes() {
  for (const b of builds) {
    const file = b.outfile;
    if (!fs.existsSync(file)) continue;
    const kb = (fs.statSync(file).size / 1024).toFixed(1);
    console.log(`  ${path.basename(file).padEnd(14)} ${kb.padStart(8)} KB`);
  }
}

const sizeReporter = {
  name: 'size-reporter',
  setup(build) {
    build.onEnd((result) => {
      if (result.errors.length === 0 && watch) console.log(`[watch] rebuilt ${build.initialOptions.outfile}`);
    });
  },
};

/** The codicon font and its stylesheet, for the chat panel's icons (VS Code's own icon set). */
function copyCodicons() {
  const from = path.join('node_modules', '@vscode', 'codicons', 'dist');
  const to = path.join('dist', 'codicons');
  fs.mkdirSync(to, { recursive: true });
  for (const f of ['codicon.css', 'codicon.ttf']) fs.copyFileSync(path.join(from, f), path.join(to, f));
}

fs.rmSync('dist', { recursive: true, force: true });
copyCodicons();
if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context({ ...b, plugins: [...b.plugins, sizeReporter] })));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('[watch] watching src/ for changes');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
  fs.chmodSync('dist/cli.js', 0o755);
  console.log(`Built ${production ? 'production' : 'development'} bundles:`);
  reportSizes();
}
