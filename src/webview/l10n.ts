/**
 * The panel's strings in the user's language. The host embeds its loaded l10n bundle
 * (`vscode.l10n.bundle`: English message → translation) in the page, so the webview uses the very
 * bundle the host does; English needs none, the message is its own text. See docs/localization.md.
 */
import { formatMessage, type L10nArg } from '../shared/l10nFormat';

function parseBundle(raw: string | undefined): Record<string, string> {
  if (!raw) return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(parsed)) if (typeof v === 'string' && v !== '') out[k] = v;
    return out;
  } catch {
    // A broken bundle must not break the panel: English is always complete.
    return {};
  }
}

// Parsed once per page: the attribute is read on the first message, not on every one (the
// renderer asks for labels while an answer streams, and the bundle is tens of KB).
let cache: { page: Document | undefined; bundle: Record<string, string> } | undefined;

/** The message in the user's language, `{0}`… filled with args. */
export function t(message: string, ...args: L10nArg[]): string {
  const page = typeof document === 'undefined' ? undefined : document;
  if (!cache || cache.page !== page) cache = { page, bundle: parseBundle(page?.body?.dataset.l10n) };
  return formatMessage(cache.bundle[message] ?? message, args);
}

/** The page's language (BCP 47, from VS Code's display language), for `lang` and number formats. */
export function pageLanguage(): string {
  return (typeof document !== 'undefined' && document.documentElement.lang) || 'en';
}
