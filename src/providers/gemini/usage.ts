import type { Usage } from '../../api/index.js';
import type { GeminiUsageMetadata } from './wire.js';

/**
 * Gemini's `usageMetadata` in OpenAI's terms: `promptTokenCount` already includes the
 * cached tokens (and tool-use prompt tokens are prompt tokens too); completion tokens
 * include the thinking tokens, which Gemini counts apart from `candidatesTokenCount`.
 */
export function fromGeminiUsage(metadata: GeminiUsageMetadata): Usage {
  const prompt = (metadata.promptTokenCount ?? 0) + (metadata.toolUsePromptTokenCount ?? 0);
  const reasoning = metadata.thoughtsTokenCount;
  const completion = (metadata.candidatesTokenCount ?? 0) + (reasoning ?? 0);
  const usage: Usage = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
  if (metadata.cachedContentTokenCount !== undefined) usage.prompt_tokens_details = { cached_tokens: metadata.cachedContentTokenCount };
  if (reasoning !== undefined) usage.completion_tokens_details = { reasoning_tokens: reasoning };
  return usage;
}
