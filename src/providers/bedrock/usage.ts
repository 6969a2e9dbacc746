import type { Usage } from '../../api/index.js';
import type { BedrockUsage } from './wire.js';

/**
 * Maps Converse `TokenUsage` to OpenAI's usage. Bedrock counts cache reads and
 * writes apart from `inputTokens`; OpenAI's `prompt_tokens` includes them, with the
 * reads as `cached_tokens` (and the writes as `cache_creation_tokens`). Bedrock
 * reports no reasoning-token count.
 */
export function fromBedrockUsage(usage: BedrockUsage): Usage {
  const cacheRead = usage.cacheReadInputTokens ?? 0;
  const cacheWrite = usage.cacheWriteInputTokens ?? 0;
  const prompt = (usage.inputTokens ?? 0) + cacheRead + cacheWrite;
  const completion = usage.outputTokens ?? 0;
  const result: Usage = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
  if (usage.cacheReadInputTokens !== undefined || usage.cacheWriteInputTokens !== undefined) {
    result.prompt_tokens_details = { cached_tokens: cacheRead, ...(cacheWrite > 0 ? { cache_creation_tokens: cacheWrite } : {}) };
  }
  return result;
}
