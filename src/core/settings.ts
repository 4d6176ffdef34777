import * as z from 'zod/mini';
import { tr } from './l10n';
import { DEFAULT_MODEL_ID } from './models';
import { parseSpendWarning, spendWarningHint } from './usage/spendWarning';

/**
 * The extension's settings, validated in one place (zod/mini: a fraction of classic zod's load
 * time, which the extension pays at activation). Each setting is checked on its own so that
 * one bad value falls back to its default without discarding the others; the problems are
 * returned for the host to show, naming the setting.
 */

// The reasons are functions, read when a value is refused: the schemas are built at load time,
// before the extension has installed its translator (src/core/l10n.ts).
const says = (reason: () => string) => ({ error: reason });

export const DEFAULT_BASE_URL = 'https://api.aimlapi.com/v1';

/**
 * Whether a URL's host is this machine. Plain http is allowed only there: the request carries the
 * API key in its Authorization header, and on any other host it would cross the network in the
 * clear (SECURITY.md, "Settings"). `hostname` is the WHATWG URL's, already normalised
 * (lower case, `127.1` → `127.0.0.1`, `[0:0::1]` → `[::1]`).
 */
export function isLoopbackHost(hostname: string): boolean {
  if (hostname === 'localhost' || hostname.endsWith('.localhost')) return true;
  if (hostname === '[::1]') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/** Why a base URL is refused, or undefined when it may be used. */
export function baseUrlProblem(value: string): string | undefined {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    return tr('must be an http:// or https:// URL');
  }
  if ((u.protocol !== 'https:' && u.protocol !== 'http:') || u.hostname.length === 0) return tr('must be an http:// or https:// URL');
  if (u.protocol === 'http:' && !isLoopbackHost(u.hostname)) {
    return tr('must be an https:// URL: plain http:// is accepted only for localhost and 127.0.0.1, since the API key would cross the network unencrypted');
  }
  return undefined;
}

const httpUrl = z.pipe(
  z.string().check(
    z.trim(),
    z.superRefine((s, ctx) => {
      const reason = baseUrlProblem(s);
      if (reason !== undefined) ctx.issues.push({ code: 'custom', message: reason, input: s });
    }),
  ),
  z.transform((s: string) => s.replace(/\/+$/, '')),
);

/** "2 USD", "200000 tokens" or empty (off): src/core/usage/spendWarning.ts. */
const spendWarning = z.pipe(
  z.string(says(() => spendWarningHint())).check(
    z.superRefine((s, ctx) => {
      try {
        parseSpendWarning(s);
      } catch {
        ctx.issues.push({ code: 'custom', message: spendWarningHint(), input: s });
      }
    }),
  ),
  z.transform((s: string) => parseSpendWarning(s)),
);

const wholeNumber = (min: number, max: number) =>
  z.number().check(
    z.refine(Number.isInteger, says(() => tr('must be a whole number'))),
    z.gte(min, says(() => tr('must be at least {0}', min))),
    z.lte(max, says(() => tr('must be at most {0}', max))),
  );

export const settingSchemas = {
  model: z.string().check(z.trim(), z.minLength(1, says(() => tr('must not be empty'))), z.regex(/^[A-Za-z0-9._:/@-]+$/, says(() => tr('must be a model id such as claude-sonnet-4-5')))),
  baseUrl: httpUrl,
  maxOutputTokens: wholeNumber(256, 128_000),
  temperature: z.number().check(z.gte(0, says(() => tr('must be between 0 and 1'))), z.lte(1, says(() => tr('must be between 0 and 1')))),
  requestTimeoutSeconds: wholeNumber(5, 3600),
  maxRetries: wholeNumber(0, 10),
  thinking: z.enum(['off', 'on', 'adaptive'], says(() => tr('must be "off", "on" or "adaptive"'))),
  thinkingBudgetTokens: wholeNumber(1024, 64_000),
  /** The user's own standing instructions, added to every job's system prompt. */
  instructions: z.string().check(z.maxLength(32 * 1024, says(() => tr('must be at most 32 KB')))),
  /** Whether Claude may read the workspace with tools in chat (never in Restricted Mode). */
  'tools.enabled': z.boolean(says(() => tr('must be true or false'))),
  'tools.maxRounds': wholeNumber(1, 50),
  /** Whether Claude may also propose changes (edit_file, create_file), reviewed before anything is written. */
  'tools.edits': z.boolean(says(() => tr('must be true or false'))),
  /** Globs (workspace-relative) the tools never read, list or search, besides the built-in deny-list. */
  'tools.exclude': z.array(z.string().check(z.maxLength(1000)), says(() => tr('must be a list of glob patterns'))),
  /** Tokens Explain may spend on the definitions the selection uses. */
  'explain.definitionsBudgetTokens': wholeNumber(0, 32_000),
  /** Most conversations kept in the history (the oldest by last activity are deleted); 0 keeps all. */
  'history.maxConversations': wholeNumber(0, 100_000),
  /** How much one conversation may use before the next request asks (off by default). */
  spendWarning,
} as const;

export type SettingKey = keyof typeof settingSchemas;
export type Settings = { [K in SettingKey]: z.output<(typeof settingSchemas)[K]> };

export const DEFAULT_SETTINGS: Settings = {
  model: DEFAULT_MODEL_ID,
  baseUrl: DEFAULT_BASE_URL,
  maxOutputTokens: 8192,
  temperature: 0.2,
  requestTimeoutSeconds: 120,
  maxRetries: 2,
  thinking: 'off',
  thinkingBudgetTokens: 4096,
  instructions: '',
  'tools.enabled': true,
  'tools.maxRounds': 15,
  'tools.edits': true,
  'tools.exclude': [],
  'explain.definitionsBudgetTokens': 4000,
  'history.maxConversations': 200,
  spendWarning: undefined,
};

/**
 * Where each setting may come from (SECURITY.md, "Settings"), so that opening a folder is never
 * enough to send the key elsewhere or to spend more:
 * - `user`: the user's own settings only. The base URL decides where the API key is sent.
 * - `trustedWorkspace`: also a trusted workspace (a team may pin a model), never an untrusted one
 *   (Restricted Mode): these decide what a request may spend.
 * - `anyWorkspace`: any workspace; nothing sent or spent depends on it.
 * package.json mirrors this: `user` settings have `"scope": "application"`, and every setting
 * that is not `anyWorkspace` is in `capabilities.untrustedWorkspaces.restrictedConfigurations`.
 */
export type SettingOrigin = 'user' | 'trustedWorkspace' | 'anyWorkspace';
export const SETTING_ORIGINS: { readonly [K in SettingKey]: SettingOrigin } = {
  model: 'trustedWorkspace',
  baseUrl: 'user',
  maxOutputTokens: 'trustedWorkspace',
  temperature: 'anyWorkspace',
  requestTimeoutSeconds: 'trustedWorkspace',
  maxRetries: 'trustedWorkspace',
  thinking: 'trustedWorkspace',
  thinkingBudgetTokens: 'trustedWorkspace',
  // Words that steer every answer are the user's to write; a repository has AGENTS.md for that,
  // which is read only in a trusted workspace.
  instructions: 'user',
  'tools.enabled': 'trustedWorkspace',
  'tools.maxRounds': 'trustedWorkspace',
  'tools.edits': 'trustedWorkspace',
  // Joined across every scope (MERGED_SETTINGS): a workspace can add exclusions, never drop yours.
  'tools.exclude': 'anyWorkspace',
  'explain.definitionsBudgetTokens': 'trustedWorkspace',
  // It deletes the user's conversations: a folder's settings must never be able to.
  'history.maxConversations': 'user',
  // A guard on your own spending: a folder must not raise it or turn it off, trusted or not.
  spendWarning: 'user',
};

/** Settings whose values from every scope are joined rather than the narrowest one winning. */
export const MERGED_SETTINGS: ReadonlySet<SettingKey> = new Set<SettingKey>(['tools.exclude']);

/** Why a `user` setting is the user's alone, for the log line when a workspace sets it. */
export const USER_ONLY_REASONS: Partial<Record<SettingKey, string>> = {
  baseUrl: 'it decides where the API key is sent',
  instructions: 'it steers every answer; a repository can use AGENTS.md, read in trusted workspaces',
  'history.maxConversations': 'it decides which of your conversations are deleted',
  spendWarning: 'it guards your own spending, and a folder must not raise it or turn it off',
};

/** Whether a workspace's value of the setting applies, given the workspace's trust. */
export function workspaceMaySet(key: SettingKey, workspaceTrusted: boolean): boolean {
  const origin = SETTING_ORIGINS[key];
  return origin === 'anyWorkspace' || (origin === 'trustedWorkspace' && workspaceTrusted);
}

export interface SettingProblem {
  key: SettingKey;
  /** Why the value was refused, e.g. "must be between 0 and 1". */
  reason: string;
}

/** Validates raw values (undefined = not set); bad ones are replaced by their defaults. */
export function parseSettings(raw: Partial<Record<SettingKey, unknown>>): { settings: Settings; problems: SettingProblem[] } {
  const settings: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  const problems: SettingProblem[] = [];
  for (const key of Object.keys(settingSchemas) as SettingKey[]) {
    const value = raw[key];
    if (value === undefined || value === null) continue;
    const result = settingSchemas[key].safeParse(value);
    if (result.success) {
      settings[key] = result.data;
    } else {
      problems.push({ key, reason: result.error.issues[0]?.message ?? tr('is not valid') });
    }
  }
  return { settings: settings as Settings, problems };
}

/**
 * The `thinking` request for a model: "on" asks for a budget; "adaptive" is only documented for
 * models that list it (Opus 4.8) and falls back to a budget elsewhere.
 */
export function thinkingRequest(
  settings: Pick<Settings, 'thinking' | 'thinkingBudgetTokens'>,
  modes: readonly string[] | undefined,
): { type: 'enabled'; budgetTokens: number } | { type: 'adaptive' } | undefined {
  if (settings.thinking === 'off') return undefined;
  if (settings.thinking === 'adaptive' && modes?.includes('adaptive')) return { type: 'adaptive' };
  if (modes && !modes.includes('enabled')) return undefined;
  return { type: 'enabled', budgetTokens: settings.thinkingBudgetTokens };
}
