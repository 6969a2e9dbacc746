import type { ChatResponse } from '../../api/index.js';
import { parseToolInput } from './parse-tool-input.js';
import { toAnthropicStopReason } from './to-anthropic-stop-reason.js';
import { type AnthropicUsageCounts, toAnthropicUsage } from './to-anthropic-usage.js';
import type { AnthropicResponseBlock } from './wire.js';

/** A Messages API answer, `type: "message"`. */
export interface AnthropicMessageAnswer {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: AnthropicResponseBlock[];
  stop_reason: string;
  stop_sequence: string | null;
  usage: AnthropicUsageCounts;
}

/**
 * A chat completion as an Anthropic `message`: reasoning as a `thinking` block
 * (with an empty signature: only Anthropic signs thinking), the text (or a
 * refusal) as a `text` block, each tool call as a `tool_use` block with its
 * arguments parsed, the stop reason and usage in Anthropic's terms.
 */
export function toAnthropicResponse(response: ChatResponse, warnings: string[]): AnthropicMessageAnswer {
  const choice = response.choices[0];
  const message = choice?.message;
  const content: AnthropicResponseBlock[] = [];
  if (typeof message?.reasoning_content === 'string' && message.reasoning_content !== '') {
    content.push({ type: 'thinking', thinking: message.reasoning_content, signature: '' });
  }
  const text = typeof message?.content === 'string' && message.content !== '' ? message.content : typeof message?.refusal === 'string' ? message.refusal : '';
  if (text !== '') content.push({ type: 'text', text });
  const calls = message?.tool_calls ?? [];
  for (const call of calls) {
    content.push({ type: 'tool_use', id: call.id, name: call.function.name, input: parseToolInput(call.function.name, call.function.arguments ?? '', warnings) });
  }
  const raw = choice?.native_finish_reason;
  return {
    id: response.id,
    type: 'message',
    role: 'assistant',
    model: response.model,
    content,
    stop_reason: toAnthropicStopReason(choice?.finish_reason, typeof raw === 'string' ? raw : undefined, calls.length > 0),
    stop_sequence: null,
    usage: toAnthropicUsage(response.usage),
  };
}
