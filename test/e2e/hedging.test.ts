import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { describe, expect, it } from 'vitest';
import { fakeProvidersPerTest } from '../support/fake-providers.js';

const question = { messages: [{ role: 'user' as const, content: 'Hello?' }] };
const params = { model: 'alpha/gpt-4o-mini', ...question } as ChatCompletionCreateParamsNonStreaming;

/** Routing that hedges `alpha/gpt-4o-mini` onto `beta` (and then falls back to `gamma`) after `afterMs`. */
function hedged(afterMs: number, fallbacks = ['beta/gpt-4o-mini']) {
  return { fallbacks: { 'alpha/gpt-4o-mini': fallbacks }, hedge: { 'alpha/gpt-4o-mini': { after_ms: afterMs } } };
}

describe('hedged requests', () => {
  const providers = fakeProvidersPerTest();

  it('cuts the tail: a first target slow on some calls is hedged, p99 stays far below its delay, with at most one extra request per call', async () => {
    const { fakes, served } = await providers.start(['alpha', 'beta'], (config) => ({ config: { providers: config, routing: hedged(50) } }));
    const client = served.client();
    const latencies: number[] = [];
    let slow = 0;
    for (let call = 0; call < 20; call++) {
      const isSlow = call % 5 === 0;
      if (isSlow) {
        slow++;
        fakes.alpha.script({ delayMs: 400 });
      }
      const before = { alpha: fakes.alpha.requests.length, beta: fakes.beta.requests.length };
      const startedAt = performance.now();
      const response = await client.chat.completions.create(params).asResponse();
      latencies.push(performance.now() - startedAt);

      expect(response.status).toBe(200);
      expect(fakes.alpha.requests.length - before.alpha).toBe(1);
      expect(fakes.beta.requests.length - before.beta).toBeLessThanOrEqual(1);
      if (isSlow) {
        expect(response.headers.get('x-switchyard-hedge')).toBe('won');
        expect(response.headers.get('x-switchyard-provider')).toBe('beta');
        expect(response.headers.get('x-switchyard-attempts')).toBe('2');
      }
    }

    latencies.sort((a, b) => a - b);
    expect(latencies[Math.ceil(latencies.length * 0.99) - 1]).toBeLessThan(250);
    expect(fakes.beta.requests.length).toBeGreaterThanOrEqual(slow);
    await fakes.alpha.waitForAborts(slow);
  });

  it('takes the stream that produces its first chunk first, and cancels the other', async () => {
    const { fakes, served } = await providers.start(['alpha', 'beta'], (config) => ({ config: { providers: config, routing: hedged(50) } }));
    fakes.alpha.script({ delayMs: 400 });

    const startedAt = performance.now();
    const { data, response } = await served.client().chat.completions.create({ ...params, stream: true }).withResponse();
    let text = '';
    for await (const chunk of data) text += chunk.choices[0]?.delta.content ?? '';

    expect(performance.now() - startedAt).toBeLessThan(300);
    expect(text).toBe('Hello from the fake upstream.');
    expect(response.headers.get('x-switchyard-hedge')).toBe('won');
    await fakes.alpha.waitForAborts(1);
    expect(fakes.alpha.requests).toHaveLength(1);
    expect(fakes.beta.requests).toHaveLength(1);
  });

  it('does not fail the call when the hedge fails while the first target is still running', async () => {
    const { fakes, served } = await providers.start(['alpha', 'beta'], (config) => ({ config: { providers: config, routing: hedged(30) } }));
    fakes.alpha.script({ delayMs: 150 });
    fakes.beta.script({ status: 503 });

    const response = await served.client().chat.completions.create(params).asResponse();

    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchyard-provider')).toBe('alpha');
    expect(response.headers.get('x-switchyard-hedge')).toBe('lost');
    expect(response.headers.get('x-switchyard-attempts')).toBe('2');
  });

  it('goes on with the fallbacks when both the first target and the hedge fail', async () => {
    const { fakes, served } = await providers.start(['alpha', 'beta', 'gamma'], (config) => ({
      config: { providers: config, routing: hedged(30, ['beta/gpt-4o-mini', 'gamma/gpt-4o-mini']) },
    }));
    fakes.alpha.script({ delayMs: 100, status: 500 });
    fakes.beta.script({ status: 503 });

    const response = await served.client().chat.completions.create(params).asResponse();

    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchyard-provider')).toBe('gamma');
    expect(response.headers.get('x-switchyard-fallback-index')).toBe('2');
    expect([fakes.alpha.requests.length, fakes.beta.requests.length, fakes.gamma.requests.length]).toEqual([1, 1, 1]);
  });

  it('sends no hedge when the first target answers in time, or fails before the delay (then it simply falls back)', async () => {
    const { fakes, served } = await providers.start(['alpha', 'beta'], (config) => ({ config: { providers: config, routing: hedged(200) } }));

    const fast = await served.client().chat.completions.create(params).asResponse();
    expect(fast.headers.get('x-switchyard-hedge')).toBeNull();
    expect(fakes.beta.requests).toHaveLength(0);

    fakes.alpha.script({ status: 500 });
    const failed = await served.client().chat.completions.create(params).asResponse();
    expect(failed.headers.get('x-switchyard-provider')).toBe('beta');
    expect(failed.headers.get('x-switchyard-hedge')).toBeNull();
    expect(fakes.beta.requests).toHaveLength(1);
  });

  it('without after_ms, hedges once the first target’s p95 is known, after that p95 (at least min_delay_ms)', async () => {
    const { fakes, served } = await providers.start(['alpha', 'beta'], (config) => ({
      config: { providers: config, routing: { fallbacks: { 'alpha/gpt-4o-mini': ['beta/gpt-4o-mini'] }, hedge: { 'alpha/gpt-4o-mini': { min_delay_ms: 60 } } } },
    }));
    const client = served.client();
    for (let call = 0; call < 12; call++) await client.chat.completions.create(params);
    expect(fakes.beta.requests).toHaveLength(0);

    fakes.alpha.script({ delayMs: 400 });
    const startedAt = performance.now();
    const response = await client.chat.completions.create(params).asResponse();

    expect(performance.now() - startedAt).toBeLessThan(300);
    expect(response.headers.get('x-switchyard-hedge')).toBe('won');
    expect(fakes.beta.requests).toHaveLength(1);
  });

  it('hedges a virtual model’s first target onto its next one', async () => {
    const smart = { strategy: 'weighted', targets: [{ model: 'alpha/gpt-4o-mini', weight: 1 }, { model: 'beta/gpt-4o-mini', weight: 0 }], hedge: { after_ms: 40 } };
    const { fakes, served } = await providers.start(['alpha', 'beta'], (config) => ({ config: { providers: config, routing: { virtual_models: { smart } } } }));
    fakes.alpha.script({ delayMs: 400 });

    const response = await served.client().chat.completions.create({ ...params, model: 'smart' }).asResponse();

    expect(response.headers.get('x-switchyard-hedge')).toBe('won');
    expect(response.headers.get('x-switchyard-provider')).toBe('beta');
    await fakes.alpha.waitForAborts(1);
  });
});
