import type { Usage } from '../../api/index.js';

/** Usage as Anthropic reports it. */
export interface AnthropicUsageCounts {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

/**
 * Usage in Anthropic's terms: OpenAI counts cached prompt tokens (read and written)
 * inside `prompt_tokens`, Anthropic apart from `input_tokens`; reasoning tokens are
 * part of the output on both sides.
 */
export function toAnthropicUsage(usage: Usage | undefined): AnthropicUsageCounts {
  if (usage === undefined) return { input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
  const details = usage.prompt_tokens_details;
  const cacheRead = numberOr0(details?.cached_tokens);
  const cacheCreation = numberOr0(details?.cache_creation_tokens);
  return {
    input_tokens: Math.max(0, numberOr0(usage.prompt_tokens) - cacheRead - cacheCreation),
    output_tokens: numberOr0(usage.completion_tokens),
    cache_creation_input_tokens: cacheCreation,
    cache_read_input_tokens: cacheRead,
  };
}

function numberOr0(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}
