import type * as Main from './main';

/**
 * The extension proper lives in its own bundle, dist/main.js, required when first needed so that
 * activation pays only for the small start-up bundle (docs/architecture.md, "Activation"). Only
 * types are imported from ./main elsewhere in src/extension.ts.
 */
let loaded: typeof Main | undefined;

export function loadMain(): typeof Main {
  // A relative require kept out of the start-up bundle (see esbuild.mjs): dist/main.js.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('./main.js') as typeof Main;
  return loaded;
}
