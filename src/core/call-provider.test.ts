import { describe, expect, it } from 'vitest';
import { errors } from '../errors/index.js';
import type { ProviderAdapter, ProviderKey } from '../providers/contract.js';
import { HealthBook } from '../routing/health-book.js';
import { callProvider } from './call-provider.js';
import type { ProviderRuntime } from './provider-runtime.js';
import { createRequestContext } from './request-context.js';

function runtime(keys: ProviderKey[], maxRetries = 0): ProviderRuntime {
  return {
    name: 'test',
    adapter: {} as ProviderAdapter,
    settings: { provider: 'test', baseUrl: 'http://127.0.0.1:1', customBaseUrl: false, extraHeaders: {}, timeoutMs: 1000 },
    retry: { maxRetries, initialBackoffMs: 1, maxBackoffMs: 2, maxWaitMs: 1000 },
    limiter: undefined,
    strategy: 'weighted',
    keys: async () => keys,
  };
}

const key = (name: string, models: string[] = []): ProviderKey => ({ name, value: `sk-${name}`, models, weight: 1 });

/** `callProvider` with a health book that picks keys with the same random source as the call. */
function call<T>(options: Omit<Parameters<typeof callProvider<T>>[0], 'health'>): Promise<T> {
  return callProvider({ ...options, health: new HealthBook({ random: options.random }) });
}

describe('callProvider', () => {
  it('moves to another key at once when a key is refused, without using the retry budget', async () => {
    const keys = [key('a'), key('b'), key('c')];
    const used: string[] = [];
    const context = createRequestContext();
    const result = await call({
      runtime: runtime(keys, 0),
      model: 'm',
      context,
      random: () => 0,
      attempt: async (k) => {
        used.push(k.name!);
        if (k.name !== 'c') throw errors.providerAuthFailed('test', 401, 'bad key');
        return 'ok';
      },
    });
    expect(result).toBe('ok');
    expect(used).toEqual(['a', 'b', 'c']);
    expect(context.attempts).toBe(3);
    expect(context.keyName).toBe('c');
  });

  it('returns the refusal once every key was refused', async () => {
    const used: string[] = [];
    const failure = call({
      runtime: runtime([key('a'), key('b')], 3),
      model: 'm',
      context: createRequestContext(),
      attempt: async (k) => {
        used.push(k.name!);
        throw errors.quotaExceeded('test', 429, 'no credit');
      },
    });
    await expect(failure).rejects.toMatchObject({ code: 'provider_quota_exceeded' });
    expect(used.sort()).toEqual(['a', 'b']);
  });

  it('retries transient failures up to max_retries, preferring keys not tried yet', async () => {
    const used: string[] = [];
    const context = createRequestContext();
    const failure = call({
      runtime: runtime([key('a'), key('b')], 2),
      model: 'm',
      context,
      random: () => 0,
      attempt: async (k) => {
        used.push(k.name!);
        throw errors.upstreamError('test', 503, 'overloaded');
      },
    });
    await expect(failure).rejects.toMatchObject({ code: 'upstream_error' });
    expect(used).toEqual(['a', 'b', 'a']);
    expect(context.attempts).toBe(3);
  });

  it('never retries a caller error', async () => {
    let calls = 0;
    const failure = call({
      runtime: runtime([key('a'), key('b')], 5),
      model: 'm',
      context: createRequestContext(),
      attempt: async () => {
        calls++;
        throw errors.upstreamBadRequest('test', 400, 'bad');
      },
    });
    await expect(failure).rejects.toMatchObject({ code: 'upstream_bad_request' });
    expect(calls).toBe(1);
  });

  it('only uses keys that serve the model, and says so when none does', async () => {
    const used: string[] = [];
    await call({
      runtime: runtime([key('other', ['x']), key('right', ['m'])]),
      model: 'm',
      context: createRequestContext(),
      attempt: async (k) => used.push(k.name!),
    });
    expect(used).toEqual(['right']);
    await expect(
      call({ runtime: runtime([key('other', ['x'])]), model: 'm', context: createRequestContext(), attempt: async () => 1 }),
    ).rejects.toMatchObject({ code: 'model_not_found', status: 404 });
  });

  it('retries a rate-limited request on another key at once, within the retry budget', async () => {
    const keys = [key('a'), key('b')];
    const used: string[] = [];
    const startedAt = Date.now();
    const result = await call({
      runtime: { ...runtime(keys, 1), retry: { maxRetries: 1, initialBackoffMs: 5_000, maxBackoffMs: 5_000, maxWaitMs: 10_000 } },
      model: 'm',
      context: createRequestContext(),
      random: () => 0,
      attempt: async (k) => {
        used.push(k.name!);
        if (k.name === 'a') throw errors.rateLimited('test', 'slow down', 30);
        return 'ok';
      },
    });
    expect(result).toBe('ok');
    expect(used).toEqual(['a', 'b']);
    expect(Date.now() - startedAt).toBeLessThan(1_000);

    const noBudget = call({
      runtime: runtime(keys, 0),
      model: 'm',
      context: createRequestContext(),
      random: () => 0,
      attempt: async () => {
        throw errors.rateLimited('test', 'slow down');
      },
    });
    await expect(noBudget).rejects.toMatchObject({ code: 'rate_limited' });
  });
});
