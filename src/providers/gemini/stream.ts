import { randomUUID } from 'node:crypto';
import type { StreamChunk } from '../../api/index.js';
import { errors } from '../../errors/index.js';
import type { SseEvent } from '../../streaming/decode-sse.js';
import { fromGeminiError, inStreamErrorStatus } from './errors.js';
import { toFinishReason } from './finish-reason.js';
import { blockedPrompt, createdOf } from './response.js';
import { fromGeminiUsage } from './usage.js';
import type { GeminiResponse, GeminiUsageMetadata } from './wire.js';
import { parseStreamEvent } from '../shared/parse-stream-event.js';

/** What the mapping remembers between events. */
interface GeminiStreamState {
  started: boolean;
  /** Function calls seen so far, per candidate: the next call's index, and whether any was made. */
  toolCalls: number[];
  /** The latest `usageMetadata`; Gemini repeats it, growing, and the last one is complete. */
  usage: GeminiUsageMetadata | undefined;
}

/**
 * Maps the events of `streamGenerateContent?alt=sse` (each a `GenerateContentResponse`)
 * to normalized chunks: `start` first, text and `thought` deltas, one `tool-call-delta`
 * per function call (Gemini sends each call whole), `finish` per candidate, and one
 * `usage` chunk at the end. An error object sent in the stream, or a blocked prompt,
 * is thrown as a `GatewayError`.
 */
export async function* mapGeminiStream(provider: string, events: AsyncIterable<SseEvent>, model: string): AsyncGenerator<StreamChunk> {
  const state: GeminiStreamState = { started: false, toolCalls: [], usage: undefined };
  for await (const event of events) {
    const answer = parseStreamEvent<GeminiResponse>(provider, event.data);
    if (answer.error !== undefined) throw fromGeminiError(provider, inStreamErrorStatus(answer.error), {}, event.data);
    const candidates = answer.candidates;
    if (!state.started) {
      if ((!candidates || candidates.length === 0) && answer.promptFeedback?.blockReason !== undefined) throw blockedPrompt(provider, answer);
      state.started = true;
      yield { type: 'start', id: answer.responseId ?? `chatcmpl-${randomUUID()}`, model: answer.modelVersion ?? model, created: createdOf(answer) };
    }
    if (answer.usageMetadata) state.usage = answer.usageMetadata;
    if (!candidates) continue;
    for (let i = 0; i < candidates.length; i++) {
      const candidate = candidates[i];
      const choice = candidate.index ?? i;
      const parts = candidate.content?.parts;
      if (parts) {
        for (const part of parts) {
          if (part.functionCall) {
            const call = part.functionCall;
            const index = state.toolCalls[choice] ?? 0;
            state.toolCalls[choice] = index + 1;
            yield { type: 'tool-call-delta', choice, index, id: call.id ?? `call_${index}`, name: call.name, arguments: JSON.stringify(call.args ?? {}) };
          } else if (typeof part.text === 'string' && part.text !== '') {
            yield { type: part.thought ? 'reasoning-delta' : 'text-delta', choice, text: part.text };
          }
        }
      }
      const raw = candidate.finishReason;
      if (raw) yield { type: 'finish', choice, reason: toFinishReason(raw, (state.toolCalls[choice] ?? 0) > 0), rawReason: raw };
    }
  }
  if (!state.started) throw errors.upstreamInvalidResponse(provider, 'a stream without any event');
  if (state.usage) yield { type: 'usage', usage: fromGeminiUsage(state.usage) };
}
