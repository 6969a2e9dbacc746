import type { Completion } from 'openai/resources/completions';
import { describe, expect, it } from 'vitest';
import type { StreamChunk } from '../api/index.js';
import { errors } from '../errors/index.js';
import { CompletionSseEncoder } from './encode-completion-sse.js';

const start: StreamChunk = { type: 'start', id: 'cmpl-1', model: 'm', created: 7 };

function encodeAll(chunks: StreamChunk[], includeUsage = false): string[] {
  const encoder = new CompletionSseEncoder({ includeUsage });
  return chunks.map((chunk) => encoder.encode(chunk));
}

function payload(event: string): Completion {
  expect(event.startsWith('data: ') && event.endsWith('\n\n')).toBe(true);
  return JSON.parse(event.slice('data: '.length)) as Completion;
}

describe('CompletionSseEncoder', () => {
  it('writes nothing for start, then one text_completion event per text delta and per finish', () => {
    const events = encodeAll([start, { type: 'text-delta', choice: 0, text: 'Hel"lo' }, { type: 'finish', choice: 0, reason: 'length', rawReason: 'max_tokens' }]);

    expect(events[0]).toBe('');
    expect(payload(events[1])).toEqual({ id: 'cmpl-1', object: 'text_completion', created: 7, model: 'm', choices: [{ text: 'Hel"lo', index: 0, logprobs: null, finish_reason: null }] });
    expect(payload(events[2]).choices).toEqual([{ text: '', index: 0, logprobs: null, finish_reason: 'length' }]);
  });

  it('keeps the choice index and the system fingerprint', () => {
    const events = encodeAll([{ ...start, systemFingerprint: 'fp_1' }, { type: 'text-delta', choice: 3, text: 'x' }]);

    expect(payload(events[1])).toMatchObject({ system_fingerprint: 'fp_1', choices: [{ index: 3, text: 'x' }] });
  });

  it('writes the usage event with empty choices only when asked', () => {
    const usage: StreamChunk = { type: 'usage', usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 } };

    expect(encodeAll([start, usage])[1]).toBe('');
    expect(payload(encodeAll([start, usage], true)[1])).toMatchObject({ choices: [], usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 } });
  });

  it('leaves out reasoning and tool calls, which the format cannot carry', () => {
    const events = encodeAll([start, { type: 'reasoning-delta', choice: 0, text: 'hmm' }, { type: 'tool-call-delta', choice: 0, index: 0, id: 'c', name: 'f', arguments: '{}' }]);

    expect(events.slice(1)).toEqual(['', '']);
  });

  it('writes an error as OpenAI error JSON, and [DONE] as the end marker', () => {
    const encoder = new CompletionSseEncoder({ includeUsage: false });
    const error = errors.upstreamError('p', 500, 'boom');

    expect(JSON.parse(encoder.encode({ type: 'error', error }).slice('data: '.length))).toEqual({ error: { message: error.message, type: 'api_error', code: 'upstream_error', param: null } });
    expect(encoder.done()).toBe('data: [DONE]\n\n');
  });
});
