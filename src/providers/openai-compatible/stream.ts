import type { StreamChunk, Usage } from '../../api/index.js';
import { errors } from '../../errors/index.js';
import type { SseEvent } from '../../streaming/decode-sse.js';
import { readContentParts } from './content-parts.js';
import { fromOpenAIStreamError } from './errors.js';
import { toFinishReason } from './finish-reason.js';
import { parseStreamEvent } from '../shared/parse-stream-event.js';

interface OpenAIChunk {
  id?: string;
  model?: string;
  created?: number;
  system_fingerprint?: string | null;
  choices?: {
    index?: number;
    delta?: {
      content?: string | unknown[] | null;
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
    const chunk = parseStreamEvent<OpenAIChunk>(provider, event.data);
    if (chunk.error !== undefined) throw fromOpenAIStreamError(provider, chunk.error, event.data);
    const choices = chunk.choices;
    if (!started) {
      // Azure opens with a chunk of prompt filter results only (no id, no choices): nothing to start from.
      if (!chunk.id && !chunk.usage && (!choices || choices.length === 0)) continue;
      started = true;
      yield { type: 'start', id: chunk.id ?? '', model: chunk.model ?? '', created: chunk.created ?? Math.floor(Date.now() / 1000), systemFingerprint: chunk.system_fingerprint };
    }
    if (choices) {
      for (let i = 0; i < choices.length; i++) {
        const choice = choices[i];
        const index = choice.index ?? 0;
        const delta = choice.delta;
        if (delta) {
          const reasoning = delta.reasoning_content ?? delta.reasoning;
          if (reasoning) yield { type: 'reasoning-delta', choice: index, text: reasoning };
          const content = delta.content;
          if (typeof content === 'string') {
            if (content !== '') yield { type: 'text-delta', choice: index, text: content };
          } else if (Array.isArray(content)) {
            const parts = readContentParts(content);
            if (parts.reasoning !== '') yield { type: 'reasoning-delta', choice: index, text: parts.reasoning };
            if (parts.text) yield { type: 'text-delta', choice: index, text: parts.text };
          }
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
