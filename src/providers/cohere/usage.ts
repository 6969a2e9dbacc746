import type { Usage } from '../../api/index.js';
import type { CohereUsage } from './wire-types.js';

/**
 * Reads Cohere's `usage` in OpenAI's terms: `tokens` (what the model processed) when
 * present, else `billed_units`; `cached_tokens` (prompt tokens served from Cohere's
 * inference cache, part of the input) as `prompt_tokens_details.cached_tokens`.
 * Cohere does not report reasoning tokens apart: they are inside `output_tokens`.
 */
export function fromCohereUsage(usage: CohereUsage | null | undefined): Usage | undefined {
  if (!usage) return undefined;
  const tokens = usage.tokens;
  const billed = usage.billed_units;
  if (!tokens && !billed) return undefined;
  const prompt = tokens?.input_tokens ?? billed?.input_tokens ?? 0;
  const completion = tokens?.output_tokens ?? billed?.output_tokens ?? 0;
  const result: Usage = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
  if (typeof usage.cached_tokens === 'number') result.prompt_tokens_details = { cached_tokens: usage.cached_tokens };
  return result;
}
