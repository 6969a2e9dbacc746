import type { Usage } from '../api/index.js';

/** The sum of two usages (of the prompts of one multi-prompt request), details included. */
export function addUsage(total: Usage | undefined, usage: Usage): Usage {
  if (total === undefined) return usage;
  const sum: Usage = {
    prompt_tokens: total.prompt_tokens + usage.prompt_tokens,
    completion_tokens: total.completion_tokens + usage.completion_tokens,
    total_tokens: total.total_tokens + usage.total_tokens,
  };
  const cached = (total.prompt_tokens_details?.cached_tokens ?? 0) + (usage.prompt_tokens_details?.cached_tokens ?? 0);
  if (total.prompt_tokens_details || usage.prompt_tokens_details) sum.prompt_tokens_details = { cached_tokens: cached };
  const reasoning = (total.completion_tokens_details?.reasoning_tokens ?? 0) + (usage.completion_tokens_details?.reasoning_tokens ?? 0);
  if (total.completion_tokens_details || usage.completion_tokens_details) sum.completion_tokens_details = { reasoning_tokens: reasoning };
  return sum;
}
