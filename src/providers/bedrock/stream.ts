import type { StreamChunk } from '../../api/index.js';
import { errors } from '../../errors/index.js';
import type { AwsEventMessage } from '../../streaming/decode-aws-event-stream.js';
import { fromBedrockException } from './errors.js';
import { fromBedrockStopReason } from './finish-reason.js';
import type { BedrockAnswerContext } from './response.js';
import { jsonResponseTool } from './tools.js';
import { fromBedrockUsage } from './usage.js';
import type { BedrockStreamEvents } from './wire.js';

/** What the mapper remembers between events: which content block is which tool call. */
interface StreamState {
  started: boolean;
  /** `messageStop` arrived: the answer is whole. */
  stopped: boolean;
  /** Tool-call index (OpenAI's) of each tool-use content block, by `contentBlockIndex`. */
  toolIndex: Map<number, number>;
  /** Content blocks that carry the JSON answer of `response_format`, streamed as text. */
  jsonBlocks: Set<number>;
  nextToolIndex: number;
}

/**
 * Maps `converse-stream` events to normalized chunks: `start` first, text,
 * reasoning and tool-call deltas, `finish` at `messageStop`, `usage` at `metadata`.
 * An exception event is thrown as a `GatewayError` (before any output, the call can
 * still be retried; after it, the core ends the stream with an error chunk), and so
 * is a body that ends before `messageStop`.
 */
export async function* mapBedrockStream(provider: string, messages: AsyncIterable<AwsEventMessage>, context: BedrockAnswerContext): AsyncGenerator<StreamChunk> {
  const state: StreamState = { started: false, stopped: false, toolIndex: new Map(), jsonBlocks: new Set(), nextToolIndex: 0 };
  for await (const message of messages) {
    if (message.messageType === 'exception') throw fromBedrockException(provider, message.exceptionType ?? '', message.payload.toString('utf8'));
    if (message.messageType === 'error') {
      const code = String(message.headers[':error-code'] ?? 'InternalServerException');
      throw fromBedrockException(provider, code, JSON.stringify({ message: String(message.headers[':error-message'] ?? code) }));
    }
    if (!state.started) {
      state.started = true;
      yield { type: 'start', id: context.id, model: context.model, created: context.created };
    }
    yield* mapEvent(provider, message, state, context.jsonResponse);
  }
  // A body that ends cleanly before messageStop is a cut answer, not a complete one.
  if (!state.stopped) throw errors.upstreamInvalidResponse(provider, 'the stream ended before messageStop');
}

function* mapEvent(provider: string, message: AwsEventMessage, state: StreamState, jsonResponse: boolean): Generator<StreamChunk> {
  switch (message.eventType) {
    case 'contentBlockStart': {
      const event = parse<'contentBlockStart'>(provider, message);
      const use = event.start?.toolUse;
      if (!use) return;
      const block = event.contentBlockIndex ?? 0;
      if (jsonResponse && use.name === jsonResponseTool) {
        state.jsonBlocks.add(block);
        return;
      }
      const index = state.nextToolIndex++;
      state.toolIndex.set(block, index);
      yield { type: 'tool-call-delta', choice: 0, index, id: use.toolUseId, name: use.name, arguments: '' };
      return;
    }
    case 'contentBlockDelta': {
      const event = parse<'contentBlockDelta'>(provider, message);
      const delta = event.delta;
      if (!delta) return;
      const block = event.contentBlockIndex ?? 0;
      if (delta.text) yield { type: 'text-delta', choice: 0, text: delta.text };
      if (delta.reasoningContent?.text) yield { type: 'reasoning-delta', choice: 0, text: delta.reasoningContent.text };
      const input = delta.toolUse?.input;
      if (input) {
        if (state.jsonBlocks.has(block)) {
          yield { type: 'text-delta', choice: 0, text: input };
          return;
        }
        let index = state.toolIndex.get(block);
        if (index === undefined) state.toolIndex.set(block, (index = state.nextToolIndex++));
        yield { type: 'tool-call-delta', choice: 0, index, arguments: input };
      }
      return;
    }
    case 'messageStop': {
      state.stopped = true;
      const raw = parse<'messageStop'>(provider, message).stopReason ?? 'end_turn';
      yield { type: 'finish', choice: 0, reason: fromBedrockStopReason(raw, jsonResponse), rawReason: raw };
      return;
    }
    case 'metadata': {
      const usage = parse<'metadata'>(provider, message).usage;
      if (usage) yield { type: 'usage', usage: fromBedrockUsage(usage) };
      return;
    }
    default:
      // messageStart, contentBlockStop and events added later carry nothing to map.
      return;
  }
}

function parse<Name extends keyof BedrockStreamEvents>(provider: string, message: AwsEventMessage): BedrockStreamEvents[Name] {
  try {
    return JSON.parse(message.payload.toString('utf8')) as BedrockStreamEvents[Name];
  } catch {
    throw errors.upstreamInvalidResponse(provider, `a ${message.eventType} event whose payload is not JSON`);
  }
}
