import type { FinishReason } from '../../api/index.js';

/** Converse's stop reasons (`StopReason` in the API reference). */
export type BedrockStopReason =
  | 'end_turn'
  | 'tool_use'
  | 'max_tokens'
  | 'stop_sequence'
  | 'guardrail_intervened'
  | 'content_filtered'
  | 'model_context_window_exceeded'
  | 'malformed_model_output'
  | 'malformed_tool_use';

const reasons: Readonly<Record<string, FinishReason>> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  tool_use: 'tool_calls',
  max_tokens: 'length',
  model_context_window_exceeded: 'length',
  guardrail_intervened: 'content_filter',
  content_filtered: 'content_filter',
  malformed_model_output: 'stop',
  malformed_tool_use: 'stop',
} satisfies Record<BedrockStopReason, FinishReason>;

/**
 * Maps a Converse stop reason to OpenAI's (an unknown one to `stop`; the caller keeps
 * the raw one). A tool call that carries a JSON answer (`response_format`) is a `stop`.
 */
export function fromBedrockStopReason(raw: string, jsonResponse: boolean): FinishReason {
  if (jsonResponse && raw === 'tool_use') return 'stop';
  return reasons[raw] ?? 'stop';
}
