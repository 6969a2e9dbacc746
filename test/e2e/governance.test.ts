import Anthropic from '@anthropic-ai/sdk';
import { randomBytes } from 'node:crypto';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { type OpenAIUpstream, startOpenAIUpstream } from '../fake-upstreams/openai-upstream.js';
import { closedPort, type StartedGateway, startGateway } from '../support/start-gateway.js';
import { deleteKeys, redisAvailable, redisServer } from '../support/redis.js';

const hasRedis = await redisAvailable();

/** Virtual keys over one OpenAI provider priced at $1 per million input and output tokens (the fake answers 5 + 6 tokens: $0.000011). */
function governedConfig(upstreamUrl: string, governance: Record<string, unknown>, enforce = true) {
  return {
    client: { enforce_auth_on_inference: enforce },
    providers: { openai: { keys: [{ name: 'k1', value: 'sk-test', models: [], weight: 1 }], network_config: { base_url: upstreamUrl, max_retries: 0 } } },
    pricing: { 'openai/gpt-4o-mini': { input: 1, output: 1 } },
    governance: {
      virtual_keys: [
        { id: 'vk-app', value: 'sk-bf-app', provider_configs: [{ provider: 'openai', allowed_models: ['gpt-4o-mini'] }] },
        { id: 'vk-off', value: 'sk-bf-off', is_active: false },
      ],
      ...governance,
    },
  };
}

const hello = { model: 'openai/gpt-4o-mini', messages: [{ role: 'user' as const, content: 'Hello' }] };

describe('governance: virtual keys, budgets and rate limits', () => {
  const opened: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    for (const item of opened.splice(0).reverse()) await item.close();
  });
  const upstream = async (): Promise<OpenAIUpstream> => {
    const fake = await startOpenAIUpstream();
    opened.push(fake);
    return fake;
  };
  const gateway = async (config: Record<string, unknown>): Promise<StartedGateway> => {
    const served = await startGateway({ config });
    opened.push(served);
    return served;
  };
  const openai = (served: StartedGateway, apiKey: string) => new OpenAI({ apiKey, baseURL: served.baseURL, maxRetries: 0 });

  it('answers 401 without a virtual key or with an unknown or inactive one, 403 for a model not allowed, on the OpenAI route', async () => {
    const fake = await upstream();
    const served = await gateway(governedConfig(fake.url, {}));
    await expect(served.client().chat.completions.create(hello)).rejects.toMatchObject({ status: 401, code: 'virtual_key_invalid' });
    const bare = await fetch(`${served.baseURL}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(hello) });
    expect(bare.status).toBe(401);
    expect(((await bare.json()) as any).error.code).toBe('virtual_key_required');
    await expect(openai(served, 'sk-bf-unknown').chat.completions.create(hello)).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    await expect(openai(served, 'sk-bf-off').chat.completions.create(hello)).rejects.toMatchObject({ status: 401, code: 'virtual_key_invalid' });
    await expect(openai(served, 'sk-bf-app').chat.completions.create({ ...hello, model: 'openai/gpt-4o' })).rejects.toMatchObject({ status: 403, code: 'model_not_allowed' });
    const answer = await openai(served, 'sk-bf-app').chat.completions.create(hello);
    expect(answer.choices[0]!.message.content).toBeTruthy();
    // The virtual key is never forwarded to the provider as a key.
    expect(fake.requests.at(-1)!.headers.authorization).toBe('Bearer sk-test');
  });

  it('takes the virtual key in x-api-key on the Anthropic route and answers in Anthropic’s error shape', async () => {
    const fake = await upstream();
    const served = await gateway(governedConfig(fake.url, {}));
    const request = { model: 'openai/gpt-4o-mini', max_tokens: 50, messages: [{ role: 'user' as const, content: 'Hi' }] };
    const good = new Anthropic({ apiKey: 'sk-bf-app', baseURL: `${served.origin}/anthropic`, maxRetries: 0 });
    expect((await good.messages.create(request)).content.length).toBeGreaterThan(0);
    const bad = new Anthropic({ apiKey: 'sk-bf-nope', baseURL: `${served.origin}/anthropic`, maxRetries: 0 });
    const failure = await bad.messages.create(request).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Anthropic.AuthenticationError);
    expect((failure as any).error).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
  });

  it('stops every request after the one that spent a $0.00002 budget, streaming included, with 402', async () => {
    const fake = await upstream();
    const served = await gateway(
      governedConfig(fake.url, {
        budgets: [{ id: 'b-small', max_limit: 0.00002, reset_duration: '1d' }],
        virtual_keys: [{ id: 'vk-app', value: 'sk-bf-app', budget_id: 'b-small' }],
      }),
    );
    const client = openai(served, 'sk-bf-app');
    await client.chat.completions.create(hello); // $0.000011: under the budget
    const stream = await client.chat.completions.create({ ...hello, stream: true, stream_options: { include_usage: true } });
    for await (const _chunk of stream); // $0.000022 in all: the budget is spent
    await expect(client.chat.completions.create(hello)).rejects.toMatchObject({ status: 402, code: 'budget_exceeded' });
    await expect(client.chat.completions.create({ ...hello, stream: true })).rejects.toMatchObject({ status: 402 });
    expect(fake.requests.filter((request) => request.path.startsWith('/v1/chat/completions'))).toHaveLength(2);
  });

  it('lets exactly 10 of 50 concurrent requests through a 10-per-minute limit, the rest 429 with retry-after', async () => {
    const fake = await upstream();
    const served = await gateway(
      governedConfig(fake.url, {
        rate_limits: [{ id: 'r-10', request_max_limit: 10, request_reset_duration: '1m' }],
        virtual_keys: [{ id: 'vk-app', value: 'sk-bf-app', rate_limit_id: 'r-10' }],
      }),
    );
    const statuses = await sendConcurrently([served], 50);
    expect(statuses.filter((status) => status === 200)).toHaveLength(10);
    expect(statuses.filter((status) => status === 429)).toHaveLength(40);
    const refused = await fetch(`${served.baseURL}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-bf-vk': 'sk-bf-app' }, body: JSON.stringify(hello) });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await refused.json()) as any).error.code).toBe('virtual_key_rate_limited');
  });

  it.runIf(hasRedis)('enforces one limit across two gateways sharing Redis: exactly 10 of 50', async () => {
    const prefix = `sy-gov-${randomBytes(4).toString('hex')}:`;
    opened.push({ close: () => deleteKeys(prefix) });
    const fake = await upstream();
    const governance = {
      rate_limits: [{ id: 'r-10', request_max_limit: 10, request_reset_duration: '1m' }],
      virtual_keys: [{ id: 'vk-app', value: 'sk-bf-app', rate_limit_id: 'r-10' }],
      counters: { type: 'redis', config: { addr: `${redisServer.host}:${redisServer.port}`, key_prefix: prefix } },
    };
    const a = await gateway(governedConfig(fake.url, governance));
    const b = await gateway(governedConfig(fake.url, governance));
    const statuses = await sendConcurrently([a, b], 50);
    expect(statuses.filter((status) => status === 200)).toHaveLength(10);
    expect(statuses.filter((status) => status === 429)).toHaveLength(40);
  });

  it('with the counter store unreachable, fails open (and serves) or closed (503) as configured', async () => {
    const fake = await upstream();
    const port = await closedPort();
    const governance = (failureMode: string) => ({
      failure_mode: failureMode,
      rate_limits: [{ id: 'r-10', request_max_limit: 10, request_reset_duration: '1m' }],
      virtual_keys: [{ id: 'vk-app', value: 'sk-bf-app', rate_limit_id: 'r-10' }],
      counters: { type: 'redis', config: { addr: `127.0.0.1:${port}` } },
    });
    const open = await gateway(governedConfig(fake.url, governance('open')));
    expect((await openai(open, 'sk-bf-app').chat.completions.create(hello)).choices).toHaveLength(1);
    const closed = await gateway(governedConfig(fake.url, governance('closed')));
    await expect(openai(closed, 'sk-bf-app').chat.completions.create(hello)).rejects.toMatchObject({ status: 503, code: 'governance_unavailable' });
  });

  it('without enforcement, lets requests without a virtual key through and still limits those with one', async () => {
    const fake = await upstream();
    const served = await gateway(
      governedConfig(
        fake.url,
        { rate_limits: [{ id: 'r-1', request_max_limit: 1, request_reset_duration: '1m' }], virtual_keys: [{ id: 'vk-app', value: 'sk-bf-app', rate_limit_id: 'r-1' }] },
        false,
      ),
    );
    expect((await served.client().chat.completions.create(hello)).choices).toHaveLength(1);
    await openai(served, 'sk-bf-app').chat.completions.create(hello);
    await expect(openai(served, 'sk-bf-app').chat.completions.create(hello)).rejects.toMatchObject({ status: 429 });
  });
});

/** Sends `count` chat requests at once with the virtual key, spread over `gateways`; resolves to their statuses. */
async function sendConcurrently(gateways: StartedGateway[], count: number): Promise<number[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const response = await fetch(`${gateways[i % gateways.length]!.baseURL}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer sk-bf-app' },
        body: JSON.stringify(hello),
      });
      await response.arrayBuffer();
      return response.status;
    }),
  );
}
