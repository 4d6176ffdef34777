import type { Usage } from '../api/types';
import { formatCount } from '../prompts/tokens';
import { tr } from '../l10n';
import { formatUsd } from './format';

/**
 * `aimlClaude.spendWarning`: how much one conversation may use before the next request asks.
 * A string, so that the Settings editor edits it in one text box: "2 USD" (also "$2", "2.50 usd"),
 * "200000 tokens" (also "200,000 tokens", "200k tokens"); empty is off.
 */
export interface SpendLimit {
  readonly unit: 'usd' | 'tokens';
  readonly amount: number;
}

/** Why a value is refused; a function, so it is read in the user's language when it is shown. */
export function spendWarningHint(): string {
  return tr('must be empty (off), an amount in USD such as "2 USD", or tokens such as "200000 tokens"');
}

const USD = /^(?:\$\s*(\d+(?:\.\d+)?)|(\d+(?:\.\d+)?)\s*(?:\$|usd))$/i;
const TOKENS = /^(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*([km]?)\s*tokens?$/i;

/** The limit the text says, undefined when it is off; throws with spendWarningHint() otherwise. */
export function parseSpendWarning(text: string): SpendLimit | undefined {
  const s = text.trim();
  if (s === '' || /^off$/i.test(s)) return undefined;
  const usd = USD.exec(s);
  if (usd) return positive({ unit: 'usd', amount: Number(usd[1] ?? usd[2]) });
  const tokens = TOKENS.exec(s);
  if (tokens) {
    const scale = { '': 1, k: 1_000, m: 1_000_000 }[(tokens[2] ?? '').toLowerCase()] ?? 1;
    return positive({ unit: 'tokens', amount: Math.round(Number((tokens[1] ?? '').replaceAll(',', '')) * scale) });
  }
  throw new Error(spendWarningHint());
}

function positive(limit: SpendLimit): SpendLimit {
  if (!(limit.amount > 0) || !Number.isFinite(limit.amount)) throw new Error(spendWarningHint());
  return limit;
}

export type SpendCheck =
  /** Go on: no limit, under it, or the user already chose to go on past it. */
  | { readonly kind: 'go' }
  /** Ask before sending. */
  | { readonly kind: 'ask'; readonly message: string }
  /** A USD limit, but the service has not reported what this conversation cost. */
  | { readonly kind: 'unmeasured' };

/**
 * Whether the next request of a conversation that has used `spent` must ask first. It asks once
 * per crossing: `acknowledged` is the limit the user last chose to go past in this conversation,
 * and a limit no higher than it does not ask again; a higher one (the setting was raised) does.
 */
export function checkSpend(spent: Usage | undefined, limit: SpendLimit | undefined, acknowledged: SpendLimit | undefined): SpendCheck {
  if (!limit || !spent) return { kind: 'go' };
  const used = limit.unit === 'usd' ? spent.usdSpent : spent.totalTokens;
  if (used === undefined) return spent.totalTokens > 0 ? { kind: 'unmeasured' } : { kind: 'go' };
  if (used < limit.amount) return { kind: 'go' };
  if (acknowledged && acknowledged.unit === limit.unit && acknowledged.amount >= limit.amount) return { kind: 'go' };
  return { kind: 'ask', message: spendMessage(used, limit) };
}

/** "This conversation has used 212,000 tokens (warning at 200,000). Send anyway?" */
export function spendMessage(used: number, limit: SpendLimit): string {
  return limit.unit === 'usd'
    ? tr('This conversation has cost {0} (warning at {1}). Send anyway?', formatUsd(used), formatUsd(limit.amount))
    : tr('This conversation has used {0} tokens (warning at {1}). Send anyway?', formatCount(used), formatCount(limit.amount));
}
