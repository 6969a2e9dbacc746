import type { ChatResponse, FinishReason, ToolCall } from '../../api/index.js';
import { errors } from '../../errors/index.js';
import { fromAnthropicStopReason } from './finish-reason.js';
import { jsonObjectToolName } from './tools.js';
import { fromAnthropicUsage } from './usage.js';
import type { AnthropicResponse } from './wire.js';

/**
 * Converts an Anthropic `message` to a chat completion: text blocks joined as the
 * content, thinking blocks as `reasoning_content`, `tool_use` blocks as tool calls
 * (the input of the gateway's JSON tool as the content), the raw stop reason kept
 * as `native_finish_reason`. Redacted thinking and server-tool blocks are skipped.
 */
export function fromAnthropicResponse(provider: string, body: unknown): ChatResponse {
  const message = body as AnthropicResponse | null;
  if (message === null || typeof message !== 'object' || !Array.isArray(message.content)) {
    throw errors.upstreamInvalidResponse(provider, 'a message without a content array');
  }
  let text = '';
  let reasoning = '';
  let hasJson = false;
  const toolCalls: ToolCall[] = [];
  for (const block of message.content) {
    if (block.type === 'text') text += (block as { text: string }).text;
    else if (block.type === 'thinking') reasoning += (block as { thinking: string }).thinking;
    else if (block.type === 'tool_use') {
      const call = block as { id: string; name: string; input: unknown };
      if (call.name === jsonObjectToolName) {
        text += JSON.stringify(call.input ?? {});
        hasJson = true;
      } else {
        toolCalls.push({ id: call.id, type: 'function', function: { name: call.name, arguments: JSON.stringify(call.input ?? {}) } });
      }
    }
  }
  const rawReason = message.stop_reason ?? 'end_turn';
  const reason: FinishReason = hasJson && toolCalls.length === 0 && rawReason === 'tool_use' ? 'stop' : fromAnthropicStopReason(rawReason);
  const response: ChatResponse = {
    id: message.id,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: message.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: text === '' && toolCalls.length > 0 ? null : text,
          ...(reasoning === '' ? {} : { reasoning_content: reasoning }),
          ...(toolCalls.length === 0 ? {} : { tool_calls: toolCalls }),
        },
        finish_reason: reason,
        native_finish_reason: rawReason,
      },
    ],
  };
  if (message.usage) response.usage = fromAnthropicUsage(message.usage);
  return response;
}

/** Reads the model ids of a `GET /v1/models` page (`{data: [{id, ...}], has_more, last_id}`). */
export function fromAnthropicModelList(provider: string, body: unknown): { ids: string[]; next: string | undefined } {
  const page = body as { data?: unknown; has_more?: unknown; last_id?: unknown } | null;
  if (!Array.isArray(page?.data)) throw errors.upstreamInvalidResponse(provider, 'a model list without a data array');
  const ids = page.data.flatMap((entry: { id?: unknown } | null) => (typeof entry?.id === 'string' ? [entry.id] : []));
  return { ids, next: page.has_more === true && typeof page.last_id === 'string' ? page.last_id : undefined };
}
