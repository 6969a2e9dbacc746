import { describe, expect, it } from 'vitest';
import type { Usage } from '../api/index.js';
import { computeCost } from './compute-cost.js';
import { modelNameCandidates } from './model-name-candidates.js';
import { Pricer } from './pricer.js';
import { priceTable } from '../providers/price-table.js';
import { toChatUsage, usageOfAnswer } from './usage-of-answer.js';

/** 1,000 prompt tokens (300 of them cached) and 500 completion tokens (200 of them reasoning). */
const usage: Usage = {
  prompt_tokens: 1000,
  completion_tokens: 500,
  total_tokens: 1500,
  prompt_tokens_details: { cached_tokens: 300 },
  completion_tokens_details: { reasoning_tokens: 200 },
};

/** The same usage priced by hand: uncached input, cached input, output (reasoning included), USD per million tokens. */
const byHand = (input: number, cached: number, output: number): number => (700 * input + 300 * cached + 500 * output) / 1_000_000;

describe('computeCost', () => {
  it.each([
    // provider, adapter, model as the provider names it, input, cached input, output
    ['openai', 'openai', 'gpt-4o', 2.5, 1.25, 10],
    ['openai', 'openai', 'gpt-4o-mini-2024-07-18', 0.15, 0.075, 0.6],
    ['openai', 'openai', 'o4-mini', 1.1, 0.275, 4.4],
    ['openai', 'openai', 'gpt-5-nano', 0.05, 0.005, 0.4],
    ['azure', 'azure', 'gpt-4.1', 2, 0.5, 8],
    ['anthropic', 'anthropic', 'claude-sonnet-4-5-20250929', 3, 0.3, 15],
    ['anthropic', 'anthropic', 'claude-opus-4-5', 5, 0.5, 25],
    ['anthropic', 'anthropic', 'claude-3-5-haiku-latest', 0.8, 0.08, 4],
    ['gemini', 'gemini', 'gemini-2.5-flash', 0.3, 0.03, 2.5],
    ['gemini', 'gemini', 'gemini-2.0-flash-001', 0.1, 0.025, 0.4],
    ['vertex', 'vertex', 'gemini-2.5-pro', 1.25, 0.125, 10],
    ['vertex', 'vertex', 'claude-3-5-sonnet-v2@20241022', 3, 0.3, 15],
    ['bedrock', 'bedrock', 'us.anthropic.claude-sonnet-4-20250514-v1:0', 3, 0.3, 15],
    ['bedrock', 'bedrock', 'amazon.nova-pro-v1:0', 0.8, 0.2, 3.2],
    ['bedrock', 'bedrock', 'meta.llama3-3-70b-instruct-v1:0', 0.72, 0.72, 0.72],
    ['bedrock', 'bedrock', 'mistral.mixtral-8x7b-instruct-v0:1', 0.45, 0.45, 0.7],
    ['bedrock', 'bedrock', 'cohere.command-r-plus-v1:0', 3, 3, 15],
    ['cohere', 'cohere', 'command-r-plus-08-2024', 2.5, 2.5, 10],
    ['mistral', 'mistral', 'mistral-large-latest', 2, 2, 6],
    ['groq', 'groq', 'llama-3.3-70b-versatile', 0.59, 0.59, 0.79],
    ['deepseek', 'deepseek', 'deepseek-chat', 0.27, 0.07, 1.1],
    ['xai', 'xai', 'grok-4-0709', 3, 0.75, 15],
    ['together', 'together', 'meta-llama/Llama-3.3-70B-Instruct-Turbo', 0.88, 0.88, 0.88],
    ['fireworks', 'fireworks', 'accounts/fireworks/models/llama-v3p3-70b-instruct', 0.9, 0.9, 0.9],
    ['openrouter', 'openrouter', 'anthropic/claude-3.5-sonnet', 3, 0.3, 15],
    ['openrouter', 'openrouter', 'openai/gpt-4o-mini', 0.15, 0.075, 0.6],
  ])('prices %s/%s %s at the table rates, cached tokens once at the cached rate and reasoning at the output rate', (provider, adapter, model, input, cached, output) => {
    expect(computeCost(provider, adapter, model, usage)).toBeCloseTo(byHand(input, cached, output), 12);
  });

  it('bills prompt tokens written to the cache at the cache-write rate (Anthropic: 1.25 × input)', () => {
    const written: Usage = { prompt_tokens: 1000, completion_tokens: 0, total_tokens: 1000, prompt_tokens_details: { cached_tokens: 200, cache_creation_tokens: 500 } };
    expect(computeCost('anthropic', 'anthropic', 'claude-sonnet-4', written)).toBeCloseTo((300 * 3 + 200 * 0.3 + 500 * 3.75) / 1_000_000, 12);
  });

  it('bills reasoning tokens at the reasoning rate when the price has one', () => {
    const cost = computeCost('openai', 'openai', 'my-model', usage, { 'openai/my-model': { input: 1, output: 2, reasoning: 4 } });
    expect(cost).toBeCloseTo((1000 * 1 + 300 * 2 + 200 * 4) / 1_000_000, 12);
  });

  it('prices an embedding, which has no completion tokens', () => {
    const embedding = { prompt_tokens: 5000, total_tokens: 5000 } as Usage;
    expect(computeCost('openai', 'openai', 'text-embedding-3-small', embedding)).toBeCloseTo((5000 * 0.02) / 1_000_000, 12);
  });

  it('uses a configured override before the table, by provider name or by adapter id', () => {
    expect(computeCost('openai', 'openai', 'gpt-4o', usage, { 'openai/gpt-4o': { input: 1, output: 2, cached_input: 0.5 } })).toBeCloseTo(byHand(1, 0.5, 2), 12);
    expect(computeCost('work', 'openai', 'gpt-4o-2024-08-06', usage, { 'openai/gpt-4o': { input: 1, output: 2 } })).toBeCloseTo(byHand(1, 1, 2), 12);
    expect(computeCost('work', 'openai', 'gpt-4o', usage, { 'work/gpt-4o': { input: 3, output: 3 }, 'openai/gpt-4o': { input: 1, output: 1 } })).toBeCloseTo(byHand(3, 3, 3), 12);
  });

  it('prices a model the table lacks from an override', () => {
    expect(computeCost('vllm', 'vllm', 'qwen3-8b', usage, { 'vllm/qwen3-8b': { input: 0.1, output: 0.2 } })).toBeCloseTo(byHand(0.1, 0.1, 0.2), 12);
  });

  it('gives undefined for a model without a price, and for an adapter without a table', () => {
    expect(computeCost('openai', 'openai', 'gpt-unknown', usage)).toBeUndefined();
    expect(computeCost('openai', 'openai', 'constructor', usage)).toBeUndefined();
    expect(computeCost('ollama', 'ollama', 'llama3', usage)).toBeUndefined();
    expect(computeCost('openrouter', 'openrouter', 'meta-llama/llama-3-70b', usage)).toBeUndefined();
  });
});

describe('modelNameCandidates', () => {
  it('tries the exact name first, then lower case, then without region prefix and suffixes', () => {
    expect(modelNameCandidates('us.anthropic.claude-3-5-sonnet-20241022-v2:0')).toEqual([
      'us.anthropic.claude-3-5-sonnet-20241022-v2:0',
      'anthropic.claude-3-5-sonnet-20241022-v2:0',
      'anthropic.claude-3-5-sonnet-20241022-v2',
      'anthropic.claude-3-5-sonnet-20241022',
      'anthropic.claude-3-5-sonnet',
    ]);
    expect(modelNameCandidates('gpt-4o')).toEqual(['gpt-4o']);
    expect(modelNameCandidates('gemini-2.5-flash-preview-05-20').at(-2)).toBe('gemini-2.5-flash');
  });
});

describe('Pricer', () => {
  it('remembers each model price and gives the same costs as computeCost', () => {
    const pricer = new Pricer({ 'openai/gpt-4o': { input: 1, output: 2 } });
    expect(pricer.price('openai', 'openai', 'gpt-4o')).toBe(pricer.price('openai', 'openai', 'gpt-4o'));
    expect(pricer.cost('openai', 'openai', 'gpt-4o', usage)).toBeCloseTo(byHand(1, 1, 2), 12);
    expect(pricer.cost('anthropic', 'anthropic', 'claude-haiku-4-5', usage)).toBe(computeCost('anthropic', 'anthropic', 'claude-haiku-4-5', usage));
    expect(pricer.cost('openai', 'openai', 'nope', usage)).toBeUndefined();
  });
});

describe('the price table', () => {
  it('dates every family and names its source', () => {
    for (const family of Object.values(priceTable)) {
      expect(family.checked).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(family.source).toMatch(/^https:\/\//);
      for (const price of Object.values(family.models)) {
        expect(price.input).toBeGreaterThanOrEqual(0);
        expect(price.output).toBeGreaterThanOrEqual(0);
      }
    }
  });
});

describe('toChatUsage', () => {
  it('reads a Responses API usage in chat terms', () => {
    expect(toChatUsage({ input_tokens: 10, output_tokens: 5, total_tokens: 15, input_tokens_details: { cached_tokens: 4 }, output_tokens_details: { reasoning_tokens: 2 } })).toEqual({
      prompt_tokens: 10,
      completion_tokens: 5,
      total_tokens: 15,
      prompt_tokens_details: { cached_tokens: 4 },
      completion_tokens_details: { reasoning_tokens: 2 },
    });
  });
});

describe('usageOfAnswer', () => {
  it('gives an embedding usage zero completion tokens and leaves a chat usage as it is', () => {
    expect(usageOfAnswer({ usage: { prompt_tokens: 6, total_tokens: 6 } })).toEqual({ prompt_tokens: 6, total_tokens: 6, completion_tokens: 0 });
    expect(usageOfAnswer({ usage })).toBe(usage);
    expect(usageOfAnswer({ object: 'list' })).toBeUndefined();
  });
});
