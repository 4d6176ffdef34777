import { findModel, MODEL_CATALOG, type ModelInfo } from '../../core/models';
import type { Settings } from '../../core/settings';

/** The model's limits; an id outside the catalog (another gateway's model) gets the default model's. */
export function modelInfo(id: string): ModelInfo {
  const known = findModel(id);
  if (known) return known;
  const base = MODEL_CATALOG[0] as ModelInfo;
  return { ...base, id, label: id, retired: false };
}

/** The output limit of one request: the setting (or an override), never above the model's. */
export function outputLimit(settings: Settings, override?: number): number {
  return Math.min(override ?? settings.maxOutputTokens, modelInfo(settings.model).maxOutputTokens);
}

/** The limit for "Retry with a larger output limit": double, within the model's; undefined at the top. */
export function largerOutputLimit(settings: Settings, current: number): number | undefined {
  const max = modelInfo(settings.model).maxOutputTokens;
  return current >= max ? undefined : Math.min(current * 2, max);
}
