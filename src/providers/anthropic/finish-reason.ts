import type { FinishReason } from '../../api/index.js';

/** Anthropic's `stop_reason` values, mapped onto OpenAI's finish reasons. https://docs.claude.com/en/api/handling-stop-reasons */
const known: Readonly<Record<string, FinishReason>> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  model_context_window_exceeded: 'length',
  tool_use: 'tool_calls',
  refusal: 'content_filter',
  pause_turn: 'stop',
} satisfies Record<string, FinishReason>;

/** Maps an Anthropic stop reason; an unknown one maps to `stop`, and the caller keeps the raw value. */
export function fromAnthropicStopReason(raw: string): FinishReason {
  return known[raw] ?? 'stop';
}
