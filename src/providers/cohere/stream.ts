import type { StreamChunk } from '../../api/index.js';
import { errors } from '../../errors/index.js';
import type { SseEvent } from '../../streaming/decode-sse.js';
import { fromCohereFailure } from './errors.js';
import { isCohereErrorFinish, toFinishReason } from './finish-reason.js';
import { fromCohereUsage } from './usage.js';
import type { CohereStreamEvent } from './wire-types.js';
import { parseStreamEvent } from '../shared/parse-stream-event.js';

/** What a stream remembers between events. */
interface StreamState {
  started: boolean;
  ended: boolean;
  /** Tool calls seen so far; the next one gets this index. */
  toolCalls: number;
  /** Cohere's `index` of each tool call → its index among the tool calls. */
  toolIndex: Map<number, number>;
}

/**
 * Maps Cohere's chat stream (https://docs.cohere.com/v2/docs/streaming) to normalized
 * chunks: `content-delta` text or thinking, `tool-plan-delta` as text, `tool-call-start`
 * (id, name) and `tool-call-delta` (argument pieces), and `message-end` (finish reason,
 * usage). A `message-end` with `finish_reason: "ERROR"` is thrown as a `GatewayError`, after
 * the chunks before it; so is a stream that ends without `message-end` (it was cut).
 */
export async function* mapCohereStream(provider: string, model: string, events: AsyncIterable<SseEvent>, created = Math.floor(Date.now() / 1000)): AsyncGenerator<StreamChunk> {
  const state: StreamState = { started: false, ended: false, toolCalls: 0, toolIndex: new Map() };
  for await (const { data } of events) {
    // After the end, read on to the end of the body: an abandoned body costs its keep-alive connection.
    if (state.ended || data === '[DONE]') continue;
    const event = parseStreamEvent<CohereStreamEvent>(provider, data);
    if (!state.started) {
      state.started = true;
      yield { type: 'start', id: event.id ?? '', model, created };
    }
    const delta = event.delta;
    const message = delta?.message;
    switch (event.type) {
      case 'content-start':
      case 'content-delta': {
        const content = message?.content;
        if (content?.thinking) yield { type: 'reasoning-delta', choice: 0, text: content.thinking };
        if (content?.text) yield { type: 'text-delta', choice: 0, text: content.text };
        break;
      }
      case 'tool-plan-delta':
        if (message?.tool_plan) yield { type: 'text-delta', choice: 0, text: message.tool_plan };
        break;
      case 'tool-call-start': {
        const call = message?.tool_calls;
        const index = state.toolCalls++;
        state.toolIndex.set(event.index ?? index, index);
        yield { type: 'tool-call-delta', choice: 0, index, id: call?.id ?? '', name: call?.function?.name ?? '', arguments: call?.function?.arguments ?? '' };
        break;
      }
      case 'tool-call-delta': {
        const piece = message?.tool_calls?.function?.arguments;
        const index = state.toolIndex.get(event.index ?? -1) ?? state.toolCalls - 1;
        if (piece && index >= 0) yield { type: 'tool-call-delta', choice: 0, index, arguments: piece };
        break;
      }
      case 'message-end': {
        state.ended = true;
        const raw = delta?.finish_reason ?? 'COMPLETE';
        if (isCohereErrorFinish(raw) || delta?.error) throw fromCohereFailure(provider, delta?.error);
        yield { type: 'finish', choice: 0, reason: toFinishReason(raw), rawReason: raw };
        const usage = fromCohereUsage(delta?.usage);
        if (usage) yield { type: 'usage', usage };
        break;
      }
      default:
        // message-start (read above), content-end, tool-call-end, citation-start/-end, debug: nothing to emit.
        break;
    }
  }
  if (!state.ended) throw errors.upstreamInvalidResponse(provider, 'the stream ended before its message-end event');
}
