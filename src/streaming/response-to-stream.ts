import type { ChatResponse, FinishReason, StreamChunk } from '../api/index.js';

/** Replays a complete chat response as a normalized stream (one delta per choice and part). */
export async function* responseToStream(response: ChatResponse): AsyncGenerator<StreamChunk> {
  yield { type: 'start', id: response.id, model: response.model, created: response.created, systemFingerprint: response.system_fingerprint };
  for (const choice of response.choices) {
    const message = choice.message;
    if (message.reasoning_content) yield { type: 'reasoning-delta', choice: choice.index, text: message.reasoning_content };
    if (typeof message.content === 'string' && message.content !== '') yield { type: 'text-delta', choice: choice.index, text: message.content };
    // As in streams, where a provider's refusal text arrives as content.
    if (typeof message.refusal === 'string' && message.refusal !== '') yield { type: 'text-delta', choice: choice.index, text: message.refusal };
    if (message.tool_calls) {
      for (let index = 0; index < message.tool_calls.length; index++) {
        const call = message.tool_calls[index];
        yield { type: 'tool-call-delta', choice: choice.index, index, id: call.id, name: call.function.name, arguments: call.function.arguments };
      }
    }
    const reason: FinishReason = choice.finish_reason ?? 'stop';
    const raw = typeof choice.native_finish_reason === 'string' ? choice.native_finish_reason : reason;
    yield { type: 'finish', choice: choice.index, reason, rawReason: raw };
  }
  if (response.usage) yield { type: 'usage', usage: response.usage };
}
