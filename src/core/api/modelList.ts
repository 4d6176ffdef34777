/**
 * The answer of GET /models, reduced to ids, aliases and limits. Entries that do not parse are
 * skipped rather than failing the list: one odd model must not hide the others.
 */
import { ModelEntryWire, ModelsListWire } from './schemas';
import type { ModelListEntry } from './types';

/** Undefined when the body is not a model list at all. */
export function parseModelList(text: string): ModelListEntry[] | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const list = ModelsListWire.safeParse(json);
  if (!list.success) return undefined;
  const items = Array.isArray(list.data) ? list.data : list.data.data;
  const entries: ModelListEntry[] = [];
  for (const item of items) {
    const parsed = ModelEntryWire.safeParse(item);
    if (!parsed.success) continue;
    const m = parsed.data;
    const entry: ModelListEntry = { id: m.id, aliases: m.aliases ?? [] };
    const contextLength = m.info?.contextLength ?? m.context_length;
    if (typeof contextLength === 'number') entry.contextLength = contextLength;
    if (typeof m.info?.outputMax === 'number') entry.outputMax = m.info.outputMax;
    entries.push(entry);
  }
  return entries;
}

/** The entry for a configured model, matched on id or alias, case-insensitively. */
export function findListedModel(entries: readonly ModelListEntry[], idOrAlias: string): ModelListEntry | undefined {
  const wanted = idOrAlias.trim().toLowerCase();
  return entries.find((e) => e.id.toLowerCase() === wanted || e.aliases.some((a) => a.toLowerCase() === wanted));
}
