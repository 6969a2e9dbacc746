import { describe, expect, it } from 'vitest';
import { tokensOf } from './tokens-of.js';

describe('tokensOf', () => {
  it('reads usage.total_tokens of an answer', () => {
    expect(tokensOf({ usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 } })).toBe(7);
  });

  it('is undefined for answers without usage (a started stream) and for anything else', () => {
    expect(tokensOf({ iterator: {}, first: { done: false } })).toBeUndefined();
    expect(tokensOf({ usage: {} })).toBeUndefined();
    expect(tokensOf(undefined)).toBeUndefined();
    expect(tokensOf(null)).toBeUndefined();
    expect(tokensOf('ok')).toBeUndefined();
  });
});
