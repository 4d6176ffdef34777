import { z } from 'zod';
import { DEFAULT_MODEL_ID } from './models';

/**
 * The extension's settings, validated in one place. Each setting is checked on its own so that
 * one bad value falls back to its default without discarding the others; the problems are
 * returned for the host to show, naming the setting.
 */

export const DEFAULT_BASE_URL = 'https://api.aimlapi.com/v1';

const httpUrl = z
  .string()
  .trim()
  .refine((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname.length > 0;
    } catch {
      return false;
    }
  }, 'must be an http:// or https:// URL')
  .transform((s) => s.replace(/\/+$/, ''));

export const settingSchemas = {
  model: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .regex(/^[A-Za-z0-9._:/@-]+$/, 'must be a model id such as claude-sonnet-4-5'),
  baseUrl: httpUrl,
  maxOutputTokens: z.number().int('must be a whole number').min(256, 'must be at least 256').max(128_000, 'must be at most 128000'),
  temperature: z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1'),
  requestTimeoutSeconds: z.number().int('must be a whole number').min(5, 'must be at least 5').max(3600, 'must be at most 3600'),
  maxRetries: z.number().int('must be a whole number').min(0, 'must be at least 0').max(10, 'must be at most 10'),
  thinking: z.enum(['off', 'on', 'adaptive'], 'must be "off", "on" or "adaptive"'),
  thinkingBudgetTokens: z.number().int('must be a whole number').min(1024, 'must be at least 1024').max(64_000, 'must be at most 64000'),
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
};

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
      problems.push({ key, reason: result.error.issues[0]?.message ?? 'is not valid' });
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
