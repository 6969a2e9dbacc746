import type { FinishReason } from '../../api/index.js';

/** Gemini's finish reasons (https://ai.google.dev/api/generate-content#FinishReason) in OpenAI's terms. */
const known: Readonly<Record<string, FinishReason>> = {
  STOP: 'stop',
  MAX_TOKENS: 'length',
  SAFETY: 'content_filter',
  RECITATION: 'content_filter',
  BLOCKLIST: 'content_filter',
  PROHIBITED_CONTENT: 'content_filter',
  SPII: 'content_filter',
  IMAGE_SAFETY: 'content_filter',
  IMAGE_PROHIBITED_CONTENT: 'content_filter',
  IMAGE_RECITATION: 'content_filter',
} satisfies Record<string, FinishReason>;

/**
 * Maps a Gemini finish reason; a candidate that called functions and stopped maps to
 * `tool_calls` (Gemini says `STOP`). Other reasons (`OTHER`, `LANGUAGE`,
 * `MALFORMED_FUNCTION_CALL`, ...) map to `stop`; callers keep the raw value.
 */
export function toFinishReason(raw: string, calledTools: boolean): FinishReason {
  const reason = known[raw] ?? 'stop';
  return reason === 'stop' && calledTools && raw === 'STOP' ? 'tool_calls' : reason;
}
