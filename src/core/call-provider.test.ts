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

  describe('keys limited by a virtual key (context.allowedKeyNames)', () => {
    it("uses only the allowed keys of the request's provider, even when another key is refused", async () => {
      const used: string[] = [];
      const context = createRequestContext();
      context.allowedKeyNames = { provider: 'test', names: ['b', 'c'] };
      const failure = call({
        runtime: runtime([key('a'), key('b'), key('c')], 0),
        model: 'm',
        context,
        attempt: async (k) => {
          used.push(k.name!);
          throw errors.providerAuthFailed('test', 401, 'bad key');
        },
      });
      await expect(failure).rejects.toMatchObject({ code: 'provider_auth_failed' });
      expect(used.sort()).toEqual(['b', 'c']);
    });

    it('matches a key by its id as well as its name', async () => {
      const context = createRequestContext();
      context.allowedKeyNames = { provider: 'test', names: ['key-2'] };
      const keys = [{ ...key('a'), id: 'key-1' }, { ...key('b'), id: 'key-2' }];
      const result = await call({ runtime: runtime(keys), model: 'm', context, random: () => 0, attempt: async (k) => k.name });
      expect(result).toBe('b');
    });

    it('answers model_not_found when no allowed key serves the model', async () => {
      const context = createRequestContext();
      context.allowedKeyNames = { provider: 'test', names: ['a'] };
      const failure = call({ runtime: runtime([key('a', ['other-model']), key('b', ['m'])]), model: 'm', context, attempt: async () => 'never' });
      await expect(failure).rejects.toMatchObject({ code: 'model_not_found' });
      expect(context.attempts).toBe(0);
    });

    it("leaves another provider's keys alone (a fallback target)", async () => {
      const context = createRequestContext();
      context.allowedKeyNames = { provider: 'elsewhere', names: ['x'] };
      const result = await call({ runtime: runtime([key('a')]), model: 'm', context, attempt: async (k) => k.name });
      expect(result).toBe('a');
    });
  });
});
