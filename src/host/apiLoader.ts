import type * as Api from '../core/api';

/**
 * The API client lives in its own bundle, dist/api.js, required on first use: undici is most of
 * the client's weight (about 30 ms to load), and activation should not pay for it before the
 * first request. Only types are imported from core/api elsewhere in the host; errors are checked
 * with `isAimlError` from core/api/errors, which works across both bundles.
 */
let loaded: typeof Api | undefined;

export function loadApi(): typeof Api {
  // A relative require kept out of the extension bundle (see esbuild.mjs): dist/api.js.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('./api.js') as typeof Api;
  return loaded;
}
