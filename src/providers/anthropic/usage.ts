import type { Usage } from '../../api/index.js';
import type { AnthropicUsage } from './wire.js';

/**
 * Anthropic's usage in OpenAI's terms: Anthropic counts cache reads and cache
 * writes apart from `input_tokens`, OpenAI counts them in `prompt_tokens`;
 * thinking tokens are part of `output_tokens` on both sides.
 */
export function fromAnthropicUsage(usage: AnthropicUsage): Usage {
  const cacheRead = usage.cache_read_input_tokens ?? 0;
  const cacheCreation = usage.cache_creation_input_tokens ?? 0;
  const prompt = (usage.input_tokens ?? 0) + cacheRead + cacheCreation;
  const completion = usage.output_tokens ?? 0;
  const result: Usage = {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: cacheCreation > 0 ? { cached_tokens: cacheRead, cache_creation_tokens: cacheCreation } : { cached_tokens: cacheRead },
  };
  const thinking = usage.output_tokens_details?.thinking_tokens;
  if (typeof thinking === 'number') result.completion_tokens_details = { reasoning_tokens: thinking };
  return result;
}
