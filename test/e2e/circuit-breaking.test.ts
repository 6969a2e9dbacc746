import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { type OpenAIUpstream, startOpenAIUpstream } from '../fake-upstreams/openai-upstream.js';
import { openaiConfig, type StartedGateway, startGateway } from '../support/start-gateway.js';

const params = { model: 'openai/gpt-4o-mini', messages: [{ role: 'user' as const, content: 'Hi' }] };
const twoKeyParams = { ...params, model: 'ollama/gpt-4o-mini' };

/** What a request came to: the status, and the error code or `ok`. */
async function outcome(client: OpenAI, request: typeof params = params): Promise<{ status: number; code: string; retryAfter?: string | null }> {
  try {
    await client.chat.completions.create(request);
    return { status: 200, code: 'ok' };
  } catch (error) {
    if (!(error instanceof OpenAI.APIError)) throw error;
    return { status: error.status ?? 0, code: String(error.code), retryAfter: error.headers?.get('retry-after') };
  }
}

describe('circuit breaking and cooldowns, through the running gateway (fake clock)', () => {
  const clock = { time: 0 };
  const upstreams: OpenAIUpstream[] = [];
  let served: StartedGateway | undefined;

  afterEach(async () => {
    await served?.close();
    for (const upstream of upstreams.splice(0)) await upstream.close();
    served = undefined;
    clock.time = 0;
  });

  async function upstream(): Promise<OpenAIUpstream> {
    const started = await startOpenAIUpstream();
    upstreams.push(started);
    return started;
  }

  /** One OpenAI key on one upstream, with a breaker that opens after 3 failures for 10 s and sends 2 probes. */
  async function oneKey(): Promise<{ upstream: OpenAIUpstream; client: OpenAI }> {
    const single = await upstream();
    served = await startGateway({
      now: () => clock.time,
      config: {
        ...openaiConfig(single.url),
        routing: { circuit_breaker: { consecutive_failures: 3, cooldown_seconds: 10, half_open_probes: 2 } },
      },
    });
    return { upstream: single, client: served.client() };
  }

  /** Two ollama keys, `first` and `second`, each on its own upstream; the random source always points at the first. */
  async function twoKeys(breaker: Record<string, unknown> = {}): Promise<{ first: OpenAIUpstream; second: OpenAIUpstream; client: OpenAI }> {
    const [first, second] = [await upstream(), await upstream()];
    served = await startGateway({
      now: () => clock.time,
      random: () => 0,
      config: {
        routing: { circuit_breaker: breaker },
        providers: {
          ollama: {
            keys: [
              { name: 'first', value: '', models: [], weight: 1, ollama_key_config: { url: first.url } },
              { name: 'second', value: '', models: [], weight: 1, ollama_key_config: { url: second.url } },
            ],
            network_config: { max_retries: 0 },
          },
        },
      },
    });
    return { first, second, client: served.client() };
  }

  it('opens after consecutive failures, refuses with 503 and retry-after, half-opens after the cooldown and closes when the probes succeed', async () => {
    const { upstream, client } = await oneKey();
    upstream.script({ status: 500 }, { times: 3 });
    for (let i = 0; i < 3; i++) expect((await outcome(client)).code).toBe('upstream_error');

    clock.time = 4_000;
    expect(await outcome(client)).toEqual({ status: 503, code: 'targets_unavailable', retryAfter: '6' });
    expect(upstream.requests).toHaveLength(3);

    clock.time = 10_000; // half-open: two probes, both succeed
    expect((await outcome(client)).code).toBe('ok');
    expect((await outcome(client)).code).toBe('ok');
    expect((await outcome(client)).code).toBe('ok'); // a third request: the circuit is closed
    expect(upstream.requests).toHaveLength(6);
  });

  it('opens again when a probe fails', async () => {
    const { upstream, client } = await oneKey();
    upstream.script({ status: 500 }, { times: 4 });
    for (let i = 0; i < 3; i++) await outcome(client);

    clock.time = 10_000;
    expect((await outcome(client)).code).toBe('upstream_error');
    expect(await outcome(client)).toEqual({ status: 503, code: 'targets_unavailable', retryAfter: '10' });
    expect(upstream.requests).toHaveLength(4);

    clock.time = 20_000;
    expect((await outcome(client)).code).toBe('ok');
  });

  it('lets no more than half_open_probes requests through at once while half-open', async () => {
    const { upstream, client } = await oneKey();
    upstream.script({ status: 503 }, { times: 3 });
    for (let i = 0; i < 3; i++) await outcome(client);

    clock.time = 10_000;
    upstream.script({ delayMs: 200 }, { times: 2 });
    const results = await Promise.all(Array.from({ length: 5 }, () => outcome(client)));
    expect(results.filter((result) => result.code === 'ok')).toHaveLength(2);
    expect(results.filter((result) => result.code === 'targets_unavailable')).toHaveLength(3);
    expect(upstream.requests).toHaveLength(5);
  });

  it('never counts caller errors (400) toward opening the circuit', async () => {
    const { upstream, client } = await oneKey();
    upstream.script({ status: 400 }, { times: 6 });
    for (let i = 0; i < 6; i++) expect((await outcome(client)).code).toBe('upstream_bad_request');
    expect((await outcome(client)).code).toBe('ok');
  });

  it('takes out a key that keeps returning 401, and tries it again after credential_cooldown_seconds', async () => {
    const { first, second, client } = await twoKeys({ credential_cooldown_seconds: 60 });
    first.script({ status: 401 }, { times: 1_000 });

    for (let i = 0; i < 20; i++) expect((await outcome(client, twoKeyParams)).code).toBe('ok');
    expect(first.requests).toHaveLength(1); // refused once, then out
    expect(second.requests).toHaveLength(20);

    clock.time = 60_000;
    for (let i = 0; i < 5; i++) expect((await outcome(client, twoKeyParams)).code).toBe('ok');
    expect(first.requests).toHaveLength(2); // tried again, refused again, out again
  });

  it('cools a key that answered 429 with Retry-After for that long', async () => {
    const { first, second, client } = await twoKeys();
    first.script({ status: 429, headers: { 'retry-after': '45' } });

    expect((await outcome(client, twoKeyParams)).code).toBe('rate_limited');
    for (let i = 0; i < 10; i++) expect((await outcome(client, twoKeyParams)).code).toBe('ok');
    expect(first.requests).toHaveLength(1);
    expect(second.requests).toHaveLength(10);

    clock.time = 45_000;
    expect((await outcome(client, twoKeyParams)).code).toBe('ok');
    expect(first.requests).toHaveLength(2);
  });

  it('answers targets_unavailable with the time until the first circuit half-opens when every key’s circuit is open', async () => {
    const { first, second, client } = await twoKeys({ consecutive_failures: 1, cooldown_seconds: 30 });
    first.script({ status: 500 });
    second.script({ status: 500 });
    expect((await outcome(client, twoKeyParams)).code).toBe('upstream_error'); // first opens at 0 s
    clock.time = 5_000;
    expect((await outcome(client, twoKeyParams)).code).toBe('upstream_error'); // second opens at 5 s

    clock.time = 6_000;
    expect(await outcome(client, twoKeyParams)).toEqual({ status: 503, code: 'targets_unavailable', retryAfter: '24' });
    expect([first.requests.length, second.requests.length]).toEqual([1, 1]);
  });

  it('still sends a lone key that was refused to the provider, which answers for itself', async () => {
    const { upstream, client } = await oneKey();
    upstream.script({ status: 401 }, { times: 2 });
    expect((await outcome(client)).code).toBe('provider_auth_failed');
    expect((await outcome(client)).code).toBe('provider_auth_failed');
    expect(upstream.requests).toHaveLength(2);
  });
});
