/**
 * Set by the first and last lines of the bundle this file is compiled into (esbuild.mjs banner
 * and footer): dist/extension.js and dist/main.js each have their own pair, and each bundle's
 * copy of this function reads its own. Undefined when run from sources.
 */
declare const __aimlBundleStart: number | undefined;
declare const __aimlBundleEnd: number | undefined;

/** How long the enclosing bundle took to evaluate, in ms (0 when not run from a bundle). */
export function bundleEvaluationMs(): number {
  return typeof __aimlBundleStart === 'number' && typeof __aimlBundleEnd === 'number' ? __aimlBundleEnd - __aimlBundleStart : 0;
}
