import type { StreamChunk, Usage } from '../../api/index.js';
import { errors } from '../../errors/index.js';
import type { SseEvent } from '../../streaming/decode-sse.js';
import { fromOpenAIError } from './errors.js';
import { toFinishReason } from './finish-reason.js';

interface OpenAIChunk {
  id?: string;
  model?: string;
  created?: number;
  system_fingerprint?: string | null;
  choices?: {
    index?: number;
    delta?: {
      content?: string | null;
      reasoning_content?: string | null;
      reasoning?: string | null;
      refusal?: string | null;
      tool_calls?: { index?: number; id?: string; function?: { name?: string; arguments?: string } }[];
    };
    finish_reason?: string | null;
  }[];
  usage?: Usage | null;
  error?: unknown;
}

/**
 * Maps OpenAI `chat.completion.chunk` events to normalized chunks. The first
 * chunk is always `start`; an error event from the provider is thrown as a
 * `GatewayError`; `data: [DONE]` ends the stream.
 */
export async function* mapOpenAIStream(provider: string, events: AsyncIterable<SseEvent>): AsyncGenerator<StreamChunk> {
  let started = false;
  let done = false;
  for await (const event of events) {
    // After [DONE], read on to the end of the body rather than leaving early: an
    // upstream response abandoned before its end costs its keep-alive connection.
    if (done) continue;
    if (event.data === '[DONE]') {
      done = true;
      continue;
    }
    let chunk: OpenAIChunk;
    try {
      chunk = JSON.parse(event.data) as OpenAIChunk;
    } catch {
      throw errors.upstreamInvalidResponse(provider, `a stream event that is not JSON: ${JSON.stringify(event.data.slice(0, 200))}`);
    }
    if (chunk.error !== undefined) throw fromOpenAIError(provider, 500, {}, event.data);
    if (!started) {
      started = true;
      yield { type: 'start', id: chunk.id ?? '', model: chunk.model ?? '', created: chunk.created ?? Math.floor(Date.now() / 1000), systemFingerprint: chunk.system_fingerprint };
    }
    const choices = chunk.choices;
    if (choices) {
      for (let i = 0; i < choices.length; i++) {
        const choice = choices[i];
        const index = choice.index ?? 0;
        const delta = choice.delta;
        if (delta) {
          const reasoning = delta.reasoning_content ?? delta.reasoning;
          if (reasoning) yield { type: 'reasoning-delta', choice: index, text: reasoning };
          if (delta.content) yield { type: 'text-delta', choice: index, text: delta.content };
          if (delta.refusal) yield { type: 'text-delta', choice: index, text: delta.refusal };
          const calls = delta.tool_calls;
          if (calls) {
            for (let j = 0; j < calls.length; j++) {
              const call = calls[j];
              yield { type: 'tool-call-delta', choice: index, index: call.index ?? j, id: call.id, name: call.function?.name, arguments: call.function?.arguments ?? '' };
            }
          }
        }
        if (choice.finish_reason) yield { type: 'finish', choice: index, reason: toFinishReason(choice.finish_reason), rawReason: choice.finish_reason };
      }
    }
    if (chunk.usage) yield { type: 'usage', usage: chunk.usage };
  }
}
