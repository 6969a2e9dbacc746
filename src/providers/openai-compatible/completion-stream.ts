import type { CompletionResponse, StreamChunk, Usage } from '../../api/index.js';
import { errors } from '../../errors/index.js';
import type { SseEvent } from '../../streaming/decode-sse.js';
import { fromOpenAIStreamError } from './errors.js';
import { toFinishReason } from './finish-reason.js';
import { parseStreamEvent } from '../shared/parse-stream-event.js';

interface CompletionChunk {
  id?: string;
  model?: string;
  created?: number;
  system_fingerprint?: string | null;
  choices?: { index?: number; text?: string | null; finish_reason?: string | null }[];
  usage?: Usage | null;
  error?: unknown;
}

/**
 * Maps legacy `text_completion` stream events (`POST /v1/completions` with
 * `stream: true`) to normalized chunks: `start`, then `text-delta` per choice,
 * `finish` and one `usage`. An error event is thrown as a `GatewayError`; `data: [DONE]` ends it.
 */
export async function* mapOpenAICompletionStream(provider: string, events: AsyncIterable<SseEvent>): AsyncGenerator<StreamChunk> {
  let started = false;
  let done = false;
  for await (const event of events) {
    // As in chat: read on to the end of the body after [DONE], so the connection is kept.
    if (done) continue;
    if (event.data === '[DONE]') {
      done = true;
      continue;
    }
    const chunk = parseStreamEvent<CompletionChunk>(provider, event.data);
    if (chunk.error !== undefined) throw fromOpenAIStreamError(provider, chunk.error, event.data);
    if (!started) {
      started = true;
      yield { type: 'start', id: chunk.id ?? '', model: chunk.model ?? '', created: chunk.created ?? Math.floor(Date.now() / 1000), systemFingerprint: chunk.system_fingerprint };
    }
    const choices = chunk.choices;
    if (choices) {
      for (let i = 0; i < choices.length; i++) {
        const choice = choices[i];
        const index = choice.index ?? 0;
        if (choice.text) yield { type: 'text-delta', choice: index, text: choice.text };
        if (choice.finish_reason) yield { type: 'finish', choice: index, reason: toFinishReason(choice.finish_reason), rawReason: choice.finish_reason };
      }
    }
    if (chunk.usage) yield { type: 'usage', usage: chunk.usage };
  }
}

/** Replays a complete text completion as a normalized stream (a server that ignored `stream: true`). */
export async function* completionToStream(response: CompletionResponse): AsyncGenerator<StreamChunk> {
  yield { type: 'start', id: response.id, model: response.model, created: response.created, systemFingerprint: response.system_fingerprint };
  for (const choice of response.choices) {
    if (choice.text) yield { type: 'text-delta', choice: choice.index, text: choice.text };
    const raw = (choice as { native_finish_reason?: unknown }).native_finish_reason;
    const reason = choice.finish_reason ?? 'stop';
    yield { type: 'finish', choice: choice.index, reason, rawReason: typeof raw === 'string' ? raw : reason };
  }
  if (response.usage) yield { type: 'usage', usage: response.usage };
}
