/**
 * Flag values → the settings a run uses, validated with the extension's own schemas
 * (src/core/settings.ts), so the CLI and the settings UI accept exactly the same values.
 */
import type * as z from 'zod/mini';
import { DEFAULT_SETTINGS, settingSchemas } from '../core/settings';
import { realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { RawOptions } from './args';
import { CliError, usageError } from './errors';

export interface RunOptions {
  model: string;
  baseUrl: string;
  maxTokens: number;
  temperature: number;
  /** Replaces the default system prompt when set. */
  system: string | undefined;
  maxRetries: number;
  timeoutSeconds: number;
  /** chat --tools: the folder the tools may read (absolute, real). */
  root: string;
  maxToolRounds: number;
}

export function resolveOptions(raw: RawOptions, env: NodeJS.ProcessEnv, cwd: string = process.cwd()): RunOptions {
  const envBase = env.AIML_BASE_URL?.trim() ? env.AIML_BASE_URL : undefined;
  return {
    model: raw.model === undefined ? DEFAULT_SETTINGS.model : check('--model', settingSchemas.model, raw.model),
    baseUrl:
      raw.baseUrl !== undefined
        ? check('--base-url', settingSchemas.baseUrl, raw.baseUrl)
        : envBase !== undefined
          ? check('AIML_BASE_URL', settingSchemas.baseUrl, envBase)
          : DEFAULT_SETTINGS.baseUrl,
    maxTokens: numeric('--max-tokens', settingSchemas.maxOutputTokens, raw.maxTokens, DEFAULT_SETTINGS.maxOutputTokens),
    temperature: numeric('--temperature', settingSchemas.temperature, raw.temperature, DEFAULT_SETTINGS.temperature),
    system: raw.system !== undefined && raw.system.trim() !== '' ? raw.system : undefined,
    maxRetries: numeric('--max-retries', settingSchemas.maxRetries, raw.maxRetries, DEFAULT_SETTINGS.maxRetries),
    timeoutSeconds: numeric('--timeout', settingSchemas.requestTimeoutSeconds, raw.timeout, DEFAULT_SETTINGS.requestTimeoutSeconds),
    root: folder('--root', raw.root, cwd),
    maxToolRounds: numeric('--max-tool-rounds', settingSchemas['tools.maxRounds'], raw.maxToolRounds, DEFAULT_SETTINGS['tools.maxRounds']),
  };
}

/** A folder that exists, as its real path (the tools compare real paths). */
function folder(flag: string, raw: string | undefined, cwd: string): string {
  const dir = path.resolve(cwd, raw ?? '.');
  try {
    const real = realpathSync(dir);
    if (!statSync(real).isDirectory()) throw usageError(`${flag} must be a folder, got “${shortValue(raw ?? dir)}”.`);
    return real;
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw usageError(`${flag}: no such folder “${shortValue(raw ?? dir)}”.`);
  }
}

function check<S extends z.ZodMiniType>(flag: string, schema: S, value: unknown): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw usageError(`${flag} ${r.error.issues[0]?.message ?? 'is not valid'}.`);
}

function numeric<S extends z.ZodMiniType<number>>(flag: string, schema: S, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const trimmed = raw.trim();
  // Number('') is 0 and Number('0x10') is 16: accept only plain decimal numbers.
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) throw usageError(`${flag} must be a number, got “${shortValue(raw)}”.`);
  return check(flag, schema, Number(trimmed)) as number;
}

function shortValue(v: string): string {
  return v.length > 40 ? `${v.slice(0, 39)}…` : v;
}
