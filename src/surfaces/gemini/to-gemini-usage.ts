import type { Usage } from '../../api/index.js';
import type { GeminiUsageMetadata } from './wire.js';

/**
 * Usage as Gemini's `usageMetadata`, the inverse of the Gemini adapter's reading:
 * `candidatesTokenCount` leaves out the reasoning tokens, which Gemini counts apart
 * (`thoughtsTokenCount`); the cached prompt tokens stay part of `promptTokenCount`.
 */
export function toGeminiUsageMetadata(usage: Usage): GeminiUsageMetadata {
  const reasoning = usage.completion_tokens_details?.reasoning_tokens ?? 0;
  const cached = usage.prompt_tokens_details?.cached_tokens ?? 0;
  const metadata: GeminiUsageMetadata = {
    promptTokenCount: usage.prompt_tokens,
    candidatesTokenCount: Math.max(0, usage.completion_tokens - reasoning),
    totalTokenCount: usage.total_tokens,
  };
  if (cached > 0) metadata.cachedContentTokenCount = cached;
  if (reasoning > 0) metadata.thoughtsTokenCount = reasoning;
  return metadata;
}
