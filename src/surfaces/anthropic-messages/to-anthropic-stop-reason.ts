import type { FinishReason } from '../../api/index.js';

/** Each normalized finish reason as Anthropic's `stop_reason`. https://docs.claude.com/en/api/handling-stop-reasons */
const stopReasons: Readonly<Record<FinishReason, string>> = {
  stop: 'end_turn',
  length: 'max_tokens',
  tool_calls: 'tool_use',
  function_call: 'tool_use',
  content_filter: 'refusal',
} satisfies Record<FinishReason, string>;

/** Raw provider reasons that say a stop sequence ended the answer (Anthropic's, Bedrock's own word). */
const stopSequenceReasons: ReadonlySet<string> = new Set(['stop_sequence']);

/**
 * Anthropic's `stop_reason` for a normalized finish: `stop_sequence` when the
 * provider's raw reason says so, `tool_use` when the answer called tools whatever
 * the provider said (some end a tool call with a plain stop).
 */
export function toAnthropicStopReason(reason: FinishReason | null | undefined, rawReason: string | undefined, calledTools: boolean): string {
  if (calledTools && (reason === 'stop' || reason == null)) return 'tool_use';
  if (reason === 'stop' && rawReason !== undefined && stopSequenceReasons.has(rawReason)) return 'stop_sequence';
  return stopReasons[reason ?? 'stop'] ?? 'end_turn';
}
