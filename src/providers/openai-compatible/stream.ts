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
    if (chunk.error !== undefined) throw fromOpenAIError(provider, inStreamErrorStatus(chunk.error), {}, event.data);
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

/**
 * An error event inside a stream has no HTTP status of its own; read one from its
 * type or code so that a rate limit or a quota error keeps its failure class.
 */
function inStreamErrorStatus(error: unknown): number {
  const fields = (error ?? {}) as { type?: unknown; code?: unknown };
  const kind = `${String(fields.type ?? '')} ${String(fields.code ?? '')}`;
  if (/insufficient_quota/.test(kind)) return 429;
  if (/rate_limit/.test(kind)) return 429;
  if (/invalid_request|context_length/.test(kind)) return 400;
  if (/authentication|invalid_api_key|permission/.test(kind)) return 401;
  return 500;
}
