import type { Usage } from '../api/types';

/**
 * A usage report as the AI/ML API sends it on the finish chunk (docs/aiml-api.md, "Usage
 * details"): OpenAI's names, with `prompt_tokens_details.cached_tokens` and
 * `completion_tokens_details.reasoning_tokens` when the service reports them, and Anthropic's names
 * in case a gateway passes them through. Already validated by the stream's schema.
 */
export interface UsageReport {
  prompt_tokens?: number | null;
  completion_tokens?: number | null;
  total_tokens?: number | null;
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  prompt_tokens_details?: { cached_tokens?: number | null } | null;
  completion_tokens_details?: { reasoning_tokens?: number | null } | null;
}

/**
 * One request's usage from its report. A field the report leaves out keeps the value of an
 * earlier report of the same request (`previous`); a detail never reported stays undefined, so
 * the panel shows "cached" and "reasoning" only when the service said so.
 */
export function usageFromReport(report: UsageReport, previous?: Usage): Usage {
  const prompt = report.prompt_tokens ?? report.input_tokens ?? previous?.promptTokens ?? 0;
  const completion = report.completion_tokens ?? report.output_tokens ?? previous?.completionTokens ?? 0;
  const usage: Usage = { promptTokens: prompt, completionTokens: completion, totalTokens: report.total_tokens ?? prompt + completion };
  const cached = report.prompt_tokens_details?.cached_tokens ?? report.cache_read_input_tokens ?? previous?.cachedTokens;
  if (cached !== undefined && cached !== null) usage.cachedTokens = cached;
  const reasoning = report.completion_tokens_details?.reasoning_tokens ?? previous?.reasoningTokens;
  if (reasoning !== undefined && reasoning !== null) usage.reasoningTokens = reasoning;
  return usage;
}
