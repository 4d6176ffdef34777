/**
 * The model catalog: what the AI/ML API serves for Claude, as its documentation lists it.
 * Kept in code (not only fetched) so that the extension works offline, validates settings at once,
 * and can say plainly which models are retired before a request is wasted.
 */

export type ThinkingMode = 'enabled' | 'disabled' | 'adaptive';

export interface ModelInfo {
  /** The id sent to the API. */
  readonly id: string;
  /** A human name for pickers and messages. */
  readonly label: string;
  /** Other ids the API accepts for the same model. */
  readonly aliases: readonly string[];
  /** Context window, in tokens. */
  readonly contextTokens: number;
  /** The most output tokens the model may be asked for. */
  readonly maxOutputTokens: number;
  /** What AI/ML uses when `max_tokens` is absent; our default request size too. */
  readonly defaultMaxTokens: number;
  /** Thinking modes the model's schema documents. */
  readonly thinkingModes: readonly ThinkingMode[];
  /** Whether `top_k` is documented for the model. */
  readonly supportsTopK: boolean;
  /** The service no longer serves it (answers 404). */
  readonly retired: boolean;
  readonly description: string;
}

export const DEFAULT_MODEL_ID = 'claude-sonnet-4-5';

export const MODEL_CATALOG: readonly ModelInfo[] = [
  {
    id: 'claude-sonnet-4-5',
    label: 'Claude Sonnet 4.5',
    aliases: ['anthropic/claude-sonnet-4.5', 'anthropic/claude-sonnet-4-5', 'claude-sonnet-4-5-20250929'],
    contextTokens: 200_000,
    maxOutputTokens: 64_000,
    defaultMaxTokens: 32_000,
    thinkingModes: ['enabled', 'disabled'],
    supportsTopK: true,
    retired: false,
    description: 'Fast and capable; the default',
  },
  {
    id: 'claude-opus-4-5',
    label: 'Claude Opus 4.5',
    aliases: ['anthropic/claude-opus-4-5', 'anthropic/claude-opus-4.5', 'claude-opus-4-5-20251101'],
    contextTokens: 200_000,
    maxOutputTokens: 64_000,
    defaultMaxTokens: 32_000,
    thinkingModes: ['enabled', 'disabled'],
    supportsTopK: true,
    retired: false,
    description: 'Deeper reasoning, slower',
  },
  {
    id: 'claude-opus-4-8',
    label: 'Claude Opus 4.8',
    aliases: ['anthropic/claude-opus-4-8', 'anthropic/claude-opus-4.8'],
    contextTokens: 1_000_000,
    maxOutputTokens: 128_000,
    defaultMaxTokens: 32_000,
    thinkingModes: ['enabled', 'disabled', 'adaptive'],
    supportsTopK: false,
    retired: false,
    description: 'Most capable, 1M-token context',
  },
  {
    id: 'claude-3-opus',
    label: 'Claude 3 Opus',
    aliases: ['anthropic/claude-3-opus', 'claude-3-opus-20240229', 'claude-3-opus-latest'],
    contextTokens: 200_000,
    maxOutputTokens: 4_096,
    defaultMaxTokens: 4_096,
    thinkingModes: ['disabled'],
    supportsTopK: true,
    retired: true,
    description: 'No longer served by the AI/ML API',
  },
];

/** Finds a model by id or alias, case-insensitively. */
export function findModel(idOrAlias: string): ModelInfo | undefined {
  const wanted = idOrAlias.trim().toLowerCase();
  return MODEL_CATALOG.find((m) => m.id === wanted || m.aliases.some((a) => a.toLowerCase() === wanted));
}

/** What a request to a model may use: the one place limits and fallbacks are decided. */
export interface ModelLimits {
  /** The catalog entry; for an id outside the catalog, the default model's limits under that id. */
  readonly model: ModelInfo;
  /** Whether the id (or alias) is in the catalog. Thinking modes are only trusted when it is. */
  readonly known: boolean;
  /** The model's context window, in tokens. */
  readonly contextTokens: number;
  /** The output limit of one request: the setting (or an override), never above the model's. */
  readonly maxOutputTokens: number;
  /** For "retry with a larger output limit": twice that, within the model's; undefined at the top. */
  readonly largerOutputTokens: number | undefined;
}

/**
 * The limits of a request to `id` with `maxOutputSetting` (aimlClaude.maxOutputTokens, or the
 * limit of the request being retried). An id outside the catalog (another gateway's model) gets
 * the default model's limits, so budgets are still checked rather than guessed per caller.
 */
export function modelLimits(id: string, maxOutputSetting: number): ModelLimits {
  const found = findModel(id);
  const base = MODEL_CATALOG.find((m) => m.id === DEFAULT_MODEL_ID) as ModelInfo;
  const model: ModelInfo = found ?? { ...base, id, label: id, retired: false };
  const maxOutputTokens = Math.min(maxOutputSetting, model.maxOutputTokens);
  return {
    model,
    known: found !== undefined,
    contextTokens: model.contextTokens,
    maxOutputTokens,
    largerOutputTokens: maxOutputTokens >= model.maxOutputTokens ? undefined : Math.min(maxOutputTokens * 2, model.maxOutputTokens),
  };
}

/** Models a request can be sent to, for "pick another model" offers. */
export function servedModels(): readonly ModelInfo[] {
  return MODEL_CATALOG.filter((m) => !m.retired);
}

/** "200K", "1M": context sizes as pickers show them. */
export function formatTokens(n: number): string {
  if (n >= 1_000_000) return `${Number((n / 1_000_000).toFixed(1))}M`;
  if (n >= 1_000) return `${Number((n / 1_000).toFixed(1))}K`;
  return String(n);
}
