import { describe, expect, it } from 'vitest';
import type { ChatResponse } from '../api/index.js';
import { addUsage } from './add-usage.js';
import { toCompletionFromChat } from './chat-to-completion.js';

const answer = (texts: (string | null)[], usage?: ChatResponse['usage']): ChatResponse => ({
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 5,
  model: 'm',
  system_fingerprint: 'fp',
  choices: texts.map((content, index) => ({ index, message: { role: 'assistant', content }, finish_reason: index === 0 ? 'stop' : 'length', native_finish_reason: 'end_turn' })),
  usage,
});

describe('toCompletionFromChat', () => {
  it('makes a text_completion of the chat answer', () => {
    const completion = toCompletionFromChat([answer(['Hello'], { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 })], ['Hi'], { model: 'p/m', prompt: 'Hi' });

    expect(completion).toEqual({
      id: 'chatcmpl-1',
      object: 'text_completion',
      created: 5,
      model: 'm',
      system_fingerprint: 'fp',
      choices: [{ index: 0, text: 'Hello', logprobs: null, finish_reason: 'stop', native_finish_reason: 'end_turn' }],
      usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 },
    });
  });

  it('numbers the choices of several prompts p * n + i, echoes each prompt, and adds up usage', () => {
    const usage = { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 };
    const completion = toCompletionFromChat([answer(['a', 'b'], usage), answer(['c', null], usage)], ['P0 ', 'P1 '], { model: 'p/m', prompt: ['P0 ', 'P1 '], n: 2, echo: true });

    expect(completion.choices.map(({ index, text, finish_reason }) => ({ index, text, finish_reason }))).toEqual([
      { index: 0, text: 'P0 a', finish_reason: 'stop' },
      { index: 1, text: 'P0 b', finish_reason: 'length' },
      { index: 2, text: 'P1 c', finish_reason: 'stop' },
      { index: 3, text: 'P1 ', finish_reason: 'length' },
    ]);
    expect(completion.usage).toEqual({ prompt_tokens: 2, completion_tokens: 2, total_tokens: 4 });
  });
});

describe('addUsage', () => {
  it('adds counts and their details', () => {
    const a = { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5, prompt_tokens_details: { cached_tokens: 1 } };
    const b = { prompt_tokens: 4, completion_tokens: 1, total_tokens: 5, completion_tokens_details: { reasoning_tokens: 1 } };

    expect(addUsage(undefined, a)).toBe(a);
    expect(addUsage(a, b)).toEqual({ prompt_tokens: 7, completion_tokens: 3, total_tokens: 10, prompt_tokens_details: { cached_tokens: 1 }, completion_tokens_details: { reasoning_tokens: 1 } });
  });
});
