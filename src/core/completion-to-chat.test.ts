import { describe, expect, it } from 'vitest';
import type { CompletionRequest } from '../api/index.js';
import { checkCompletionParams, completionPrompts, toChatFromCompletion } from './completion-to-chat.js';

const invalid = (param: string) => expect.objectContaining({ code: 'invalid_request', status: 400, param });

describe('completionPrompts', () => {
  it('reads a string or an array of strings', () => {
    expect(completionPrompts({ model: 'p/m', prompt: 'hi' }, 'p')).toEqual(['hi']);
    expect(completionPrompts({ model: 'p/m', prompt: ['a', 'b'] }, 'p')).toEqual(['a', 'b']);
  });

  it('refuses token ids, an empty array and null, naming prompt', () => {
    for (const prompt of [[1, 2], [[1], [2]], [], null]) {
      expect(() => completionPrompts({ model: 'p/m', prompt } as CompletionRequest, 'p')).toThrow(invalid('prompt'));
    }
  });
});

describe('checkCompletionParams', () => {
  it('refuses a suffix and logprobs, which chat cannot honour', () => {
    expect(() => checkCompletionParams({ model: 'p/m', prompt: 'x', suffix: 'end' }, 'p', [])).toThrow(invalid('suffix'));
    expect(() => checkCompletionParams({ model: 'p/m', prompt: 'x', logprobs: 0 }, 'p', [])).toThrow(invalid('logprobs'));
  });

  it('accepts an empty suffix, and best_of equal to n, without a word', () => {
    const warnings: string[] = [];
    checkCompletionParams({ model: 'p/m', prompt: 'x', suffix: '', best_of: 2, n: 2, logprobs: null }, 'p', warnings);
    expect(warnings).toEqual([]);
  });

  it('reports best_of above n as dropped', () => {
    const warnings: string[] = [];
    checkCompletionParams({ model: 'p/m', prompt: 'x', best_of: 3 }, 'p', warnings);
    expect(warnings).toEqual(['best_of is not supported when p serves /v1/completions through chat and was dropped']);
  });
});

describe('toChatFromCompletion', () => {
  it('sends the prompt as the only user message with the shared and unknown fields as they are', () => {
    const request: CompletionRequest = { model: 'p/m', prompt: 'ignored', max_tokens: 9, temperature: 0, stop: 'x', n: 2, seed: 1, logit_bias: { '50256': -100 }, top_k: 5, echo: true, best_of: 2, suffix: null, stream: false };

    expect(toChatFromCompletion(request, 'Say hi', false)).toEqual({ model: 'p/m', messages: [{ role: 'user', content: 'Say hi' }], max_tokens: 9, temperature: 0, stop: 'x', n: 2, seed: 1, logit_bias: { '50256': -100 }, top_k: 5 });
  });

  it('asks for a stream, keeping stream_options', () => {
    const chat = toChatFromCompletion({ model: 'p/m', prompt: 'x', stream: true, stream_options: { include_usage: true } }, 'x', true);
    expect(chat).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });
});
