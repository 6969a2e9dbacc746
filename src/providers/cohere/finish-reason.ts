import type { FinishReason } from '../../api/index.js';

/**
 * Cohere's finish reasons (https://docs.cohere.com/v2/reference/chat, `finish_reason`) in OpenAI's terms.
 * `TIMEOUT` (generation stopped at Cohere's time limit) cut the answer short, as `length` does.
 * `ERROR` is not here: a generation that failed is an error, not a finish (see `isCohereErrorFinish`).
 */
const cohereFinishReasons = {
  COMPLETE: 'stop',
  STOP_SEQUENCE: 'stop',
  MAX_TOKENS: 'length',
  TOOL_CALL: 'tool_calls',
  TIMEOUT: 'length',
} as const satisfies Record<string, FinishReason>;

/** Maps a Cohere finish reason; an unknown one maps to `stop`, and the caller keeps the raw value. */
export function toFinishReason(raw: string): FinishReason {
  return (cohereFinishReasons as Readonly<Record<string, FinishReason>>)[raw] ?? 'stop';
}

/** Whether Cohere ended the generation because it failed. */
export function isCohereErrorFinish(raw: string | null | undefined): boolean {
  return raw === 'ERROR';
}
