import type { FinishReason } from '../../api/index.js';

const known: Readonly<Record<string, FinishReason>> = {
  stop: 'stop',
  length: 'length',
  tool_calls: 'tool_calls',
  content_filter: 'content_filter',
  function_call: 'function_call',
} satisfies Record<string, FinishReason>;

/** Maps an OpenAI-wire finish reason; providers that extend the set map to `stop`, and the raw value is kept by the caller. */
export function toFinishReason(raw: string): FinishReason {
  return known[raw] ?? 'stop';
}
