import { describe, expect, it } from 'vitest';
import { mockAdapter } from '../providers/mock/adapter.js';
import type { ProviderRuntime } from './provider-runtime.js';
import { resolveModel } from './resolve-model.js';

function runtime(name: string): ProviderRuntime {
  return {
    name,
    adapter: mockAdapter,
    settings: { provider: name, baseUrl: 'mock://local', customBaseUrl: false, extraHeaders: {}, timeoutMs: 30_000 },
    retry: { maxRetries: 0, initialBackoffMs: 500, maxBackoffMs: 5000, maxWaitMs: 30_000 },
    limiter: undefined,
    strategy: 'weighted',
    keys: async () => [],
  };
}

const openai = runtime('openai');
const mock = runtime('mock');
const runtimes: ReadonlyMap<string, ProviderRuntime> = new Map([
  ['openai', openai],
  ['mock', mock],
]);
/** Bare model names that configured keys list by name. */
const bareModels: ReadonlyMap<string, string> = new Map([
  ['gpt-4o-mini', 'openai'],
  ['meta-llama/Llama-3.3-70B-Instruct', 'mock'],
]);

const resolve = (value: unknown) => resolveModel(value, runtimes, bareModels);

describe('resolveModel', () => {
  it('splits provider/model at the first slash', () => {
    expect(resolve('openai/gpt-4o')).toEqual({ runtime: openai, model: 'gpt-4o' });
    expect(resolve('openai/ft:gpt-4o-mini:org/custom')).toEqual({ runtime: openai, model: 'ft:gpt-4o-mini:org/custom' });
  });

  it('finds the provider whatever the case of its name', () => {
    expect(resolve('OpenAI/gpt-4o')).toEqual({ runtime: openai, model: 'gpt-4o' });
  });

  it('routes a bare model name to the provider whose key lists it', () => {
    expect(resolve('gpt-4o-mini')).toEqual({ runtime: openai, model: 'gpt-4o-mini' });
  });

  it('routes a listed model name that contains a slash to the provider that lists it', () => {
    expect(resolve('meta-llama/Llama-3.3-70B-Instruct')).toEqual({ runtime: mock, model: 'meta-llama/Llama-3.3-70B-Instruct' });
  });

  it('rejects a bare model name that no key lists, suggesting provider/model', () => {
    expect(() => resolve('gpt-5')).toThrow(expect.objectContaining({ code: 'invalid_model', status: 400, param: 'model' }));
    expect(() => resolve('gpt-5')).toThrow(/openai\/gpt-5/);
  });

  it('rejects a missing or non-string model', () => {
    for (const value of [undefined, null, '', 42, ['openai/gpt-4o']]) {
      expect(() => resolve(value), String(value)).toThrow(expect.objectContaining({ code: 'invalid_model', status: 400, failureClass: 'caller' }));
    }
  });

  it('rejects a malformed provider/model', () => {
    for (const value of ['/gpt-4o', 'openai/', '/', ' openai/gpt-4o', 'openai/gpt-4o ', 'openai / gpt-4o']) {
      expect(() => resolve(value), JSON.stringify(value)).toThrow(expect.objectContaining({ code: 'invalid_model', param: 'model' }));
    }
  });

  it('answers provider_not_found for a provider that is not configured', () => {
    expect(() => resolve('anthropic/claude-sonnet-4')).toThrow(expect.objectContaining({ code: 'provider_not_found', status: 404, param: 'model' }));
    expect(() => resolve('anthropic/claude-sonnet-4')).toThrow(/'anthropic'/);
  });
});
