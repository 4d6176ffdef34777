/**
 * The core's user-facing sentences go through `tr` so the extension can show them in the user's
 * language: it installs `vscode.l10n.t` at activation (src/host/l10n.ts). The CLI keeps the
 * English text, filled in by the same `{0}` rules. The messages are extracted into
 * l10n/bundle.l10n.json with the host's and the webview's (scripts/l10n-export.mjs); see
 * docs/localization.md.
 */
import { formatMessage, type L10nArg } from '../shared/l10nFormat';

export type Translator = (message: string, ...args: L10nArg[]) => string;

// Kept on a global symbol, not in a module variable: the core is bundled twice (into
// dist/main.js and into the lazily loaded dist/api.js), and both copies must translate.
const KEY = Symbol.for('aiml-claude.translator');
type Holder = { [KEY]?: Translator };

/** A user-facing sentence of the core, translated when the extension has installed a translator. */
export function tr(message: string, ...args: L10nArg[]): string {
  const translate = (globalThis as Holder)[KEY];
  return translate ? translate(message, ...args) : formatMessage(message, args);
}

/** Installs (or, with undefined, removes) the translator every copy of the core uses. */
export function setTranslator(next: Translator | undefined): void {
  if (next) (globalThis as Holder)[KEY] = next;
  else delete (globalThis as Holder)[KEY];
}
