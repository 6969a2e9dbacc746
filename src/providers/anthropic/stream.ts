import type { StreamChunk } from '../../api/index.js';
import { errors } from '../../errors/index.js';
import type { SseEvent } from '../../streaming/decode-sse.js';
import { fromAnthropicStreamError } from './errors.js';
import { fromAnthropicStopReason } from './finish-reason.js';
import { jsonObjectToolName } from './tools.js';
import { fromAnthropicUsage } from './usage.js';
import type { AnthropicStreamEvent, AnthropicUsage } from './wire.js';
import { parseStreamEvent } from '../shared/parse-stream-event.js';

/** What a content block (by its stream `index`) turned out to be. */
type BlockState = { kind: 'text' | 'thinking' | 'other' } | { kind: 'tool' | 'json'; call: number; sent: boolean };

/** The small state a stream needs: content blocks seen, tool calls numbered, usage so far. */
interface StreamState {
  started: boolean;
  stopped: boolean;
  blocks: BlockState[];
  toolCalls: number;
  jsonBlocks: number;
  usage: AnthropicUsage;
}

/**
 * Maps Anthropic's stream events (`message_start`, `content_block_*`, `message_delta`,
 * `message_stop`, `ping`, `error`) to normalized chunks: `start` first; text,
 * thinking and tool input as deltas (the first delta of a tool call carries its id
 * and name); `finish` at `message_delta`; one `usage` at `message_stop`. An `error`
 * event is thrown as the mapped `GatewayError`, as is a stream that ends before
 * `message_stop`. Unknown event and block types are skipped, as Anthropic asks.
 * https://docs.claude.com/en/docs/build-with-claude/streaming
 */
export async function* mapAnthropicStream(provider: string, events: AsyncIterable<SseEvent>): AsyncGenerator<StreamChunk> {
  const state: StreamState = { started: false, stopped: false, blocks: [], toolCalls: 0, jsonBlocks: 0, usage: {} };
  for await (const sse of events) {
    // After message_stop, read on to the end of the body: a response left early costs its keep-alive connection.
    if (state.stopped) continue;
    const event = parseStreamEvent<AnthropicStreamEvent>(provider, sse.data);
    if (event.type === 'error') throw fromAnthropicStreamError(provider, event.error);
    if (event.type === 'ping') continue;
    if (!state.started) {
      state.started = true;
      const message = event.type === 'message_start' ? event.message : undefined;
      yield { type: 'start', id: message?.id ?? '', model: message?.model ?? '', created: Math.floor(Date.now() / 1000) };
      if (message?.usage) state.usage = { ...message.usage };
    }
    switch (event.type) {
      case 'content_block_start': {
        const block = event.content_block;
        if (block.type === 'text' || block.type === 'thinking') {
          state.blocks[event.index] = { kind: block.type };
          const text = block.type === 'text' ? (block as { text?: string }).text : (block as { thinking?: string }).thinking;
          if (text) yield { type: block.type === 'text' ? 'text-delta' : 'reasoning-delta', choice: 0, text };
        } else if (block.type === 'tool_use') {
          const { id, name } = block as { id: string; name: string };
          if (name === jsonObjectToolName) {
            state.blocks[event.index] = { kind: 'json', call: state.jsonBlocks++, sent: false };
          } else {
            const call = state.toolCalls++;
            state.blocks[event.index] = { kind: 'tool', call, sent: false };
            yield { type: 'tool-call-delta', choice: 0, index: call, id, name, arguments: '' };
          }
        } else {
          state.blocks[event.index] = { kind: 'other' };
        }
        break;
      }
      case 'content_block_delta': {
        const delta = event.delta;
        const block = state.blocks[event.index];
        if (delta.type === 'text_delta') {
          const text = (delta as { text: string }).text;
          if (text) yield { type: 'text-delta', choice: 0, text };
        } else if (delta.type === 'thinking_delta') {
          const text = (delta as { thinking: string }).thinking;
          if (text) yield { type: 'reasoning-delta', choice: 0, text };
        } else if (delta.type === 'input_json_delta' && block && (block.kind === 'tool' || block.kind === 'json')) {
          const json = (delta as { partial_json: string }).partial_json;
          if (json === '') break;
          block.sent = true;
          if (block.kind === 'json') yield { type: 'text-delta', choice: 0, text: json };
          else yield { type: 'tool-call-delta', choice: 0, index: block.call, arguments: json };
        }
        break;
      }
      case 'content_block_stop': {
        // A call without input streams no JSON at all; its arguments are then `{}`, as in a complete message.
        const block = state.blocks[event.index];
        if (block?.kind === 'tool' && !block.sent) yield { type: 'tool-call-delta', choice: 0, index: block.call, arguments: '{}' };
        else if (block?.kind === 'json' && !block.sent) yield { type: 'text-delta', choice: 0, text: '{}' };
        break;
      }
      case 'message_delta': {
        mergeUsage(state.usage, event.usage);
        const raw = event.delta?.stop_reason;
        if (raw) {
          const jsonOnly = raw === 'tool_use' && state.jsonBlocks > 0 && state.toolCalls === 0;
          yield { type: 'finish', choice: 0, reason: jsonOnly ? 'stop' : fromAnthropicStopReason(raw), rawReason: raw };
        }
        break;
      }
      case 'message_stop':
        state.stopped = true;
        yield { type: 'usage', usage: fromAnthropicUsage(state.usage) };
        break;
    }
  }
  if (!state.stopped) throw errors.upstreamInvalidResponse(provider, 'the stream ended before its message_stop event');
}

/** `message_delta` usage is cumulative; a field it leaves null keeps its value from `message_start`. */
function mergeUsage(into: AnthropicUsage, from: AnthropicUsage | undefined): void {
  if (!from) return;
  for (const key in from) {
    const value = from[key];
    if (value !== null && value !== undefined) into[key] = value;
  }
}
