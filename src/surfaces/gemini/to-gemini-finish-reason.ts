import type { FinishReason } from '../../api/index.js';

/**
 * Gemini's finish reason for each of the gateway's (https://ai.google.dev/api/generate-content#FinishReason).
 * Gemini ends a turn that called functions with `STOP`, and has no reason of its own for it.
 */
const geminiFinishReasons: Readonly<Record<FinishReason, string>> = {
  stop: 'STOP',
  length: 'MAX_TOKENS',
  tool_calls: 'STOP',
  function_call: 'STOP',
  content_filter: 'SAFETY',
} satisfies Record<FinishReason, string>;

/** A normalized finish reason as Gemini's (`OTHER` for one the gateway does not know). */
export function toGeminiFinishReason(reason: FinishReason | null | undefined): string {
  return (reason == null ? undefined : geminiFinishReasons[reason]) ?? (reason == null ? 'STOP' : 'OTHER');
}
