import Anthropic from '@anthropic-ai/sdk';
import { randomBytes } from 'node:crypto';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { type OpenAIUpstream, startOpenAIUpstream } from '../fake-upstreams/openai-upstream.js';
import { closedPort, type StartedGateway, startGateway } from '../support/start-gateway.js';
import { deleteKeys, redisAvailable, redisServer } from '../support/redis.js';
import { getLogs, sqliteFixture, waitForLogs } from '../support/request-log-fixture.js';

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

describe('governance: usage per virtual key in /metrics, and key_ids', () => {
  const opened: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    for (const item of opened.splice(0).reverse()) await item.close();
  });
  const start = async (governance: Record<string, unknown>, keys?: unknown[]) => {
    const fake = await startOpenAIUpstream();
    opened.push(fake);
    const config = governedConfig(fake.url, governance);
    if (keys !== undefined) config.providers.openai.keys = keys as typeof config.providers.openai.keys;
    const served = await startGateway({ config });
    opened.push(served);
    return { fake, served };
  };

  it('counts requests, tokens and cost per virtual key, team and customer in /metrics', async () => {
    const { served } = await start({
      customers: [{ id: 'acme' }],
      teams: [{ id: 'team-web', customer_id: 'acme' }],
      virtual_keys: [
        { id: 'vk-app', value: 'sk-bf-app', team_id: 'team-web' },
        { id: 'vk-other', value: 'sk-bf-other' },
      ],
    });
    const app = new OpenAI({ apiKey: 'sk-bf-app', baseURL: served.baseURL, maxRetries: 0 });
    await app.chat.completions.create(hello);
    await app.chat.completions.create(hello);
    await new OpenAI({ apiKey: 'sk-bf-other', baseURL: served.baseURL, maxRetries: 0 }).chat.completions.create(hello);
    const text = await (await fetch(`${served.origin}/metrics`)).text();
    expect(text).toContain('switchyard_virtual_key_requests_total{virtual_key="vk-app",team="team-web",customer="acme"} 2');
    expect(text).toContain('switchyard_virtual_key_requests_total{virtual_key="vk-other",team="",customer=""} 1');
    // The fake answers 5 + 6 tokens, priced at $1 per million each.
    expect(text).toContain('switchyard_virtual_key_tokens_total{virtual_key="vk-app",team="team-web",customer="acme"} 22');
    const cost = /^switchyard_virtual_key_cost_usd_total\{virtual_key="vk-app",team="team-web",customer="acme"\} (\S+)$/m.exec(text);
    expect(Number(cost?.[1])).toBeCloseTo(0.000022, 9);
  });

  it('records the virtual key, its team and its customer in the request log, and filters by them', async () => {
    const fake = await startOpenAIUpstream();
    opened.push(fake);
    const store = await sqliteFixture();
    opened.push({ close: store.dispose });
    const config = governedConfig(fake.url, {
      customers: [{ id: 'acme' }],
      teams: [{ id: 'team-web', customer_id: 'acme' }],
      virtual_keys: [
        { id: 'vk-app', value: 'sk-bf-app', team_id: 'team-web' },
        { id: 'vk-other', value: 'sk-bf-other' },
      ],
    });
    const served = await startGateway({ config: { ...config, logs_store: store.logsStore }, appDir: store.appDir });
    opened.push(served);
    await new OpenAI({ apiKey: 'sk-bf-app', baseURL: served.baseURL, maxRetries: 0 }).chat.completions.create(hello);
    await new OpenAI({ apiKey: 'sk-bf-other', baseURL: served.baseURL, maxRetries: 0 }).chat.completions.create(hello);
    await waitForLogs(served, 2);
    const { logs } = await getLogs(served, 'virtual_keys=vk-app');
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({ virtual_key: 'vk-app', team: 'team-web', customer: 'acme', status: 200 });
    const other = (await getLogs(served, 'virtual_keys=vk-other')).logs;
    expect(other).toHaveLength(1);
    expect(other[0]).toMatchObject({ virtual_key: 'vk-other', team: null, customer: null });
    const ids = async (params: string) => (await getLogs(served, params)).logs.map((log: any) => log.virtual_key);
    expect(await ids('teams=team-web')).toEqual(['vk-app']);
    expect(await ids('customers=acme')).toEqual(['vk-app']);
    expect(await ids('teams=team-other,team-web&customers=acme')).toEqual(['vk-app']);
    expect(await ids('customers=nobody')).toEqual([]);
  });

  it('sends only the keys a virtual key’s key_ids allow to the provider', async () => {
    const keys = [
      { name: 'k-shared', value: 'sk-shared', models: [], weight: 1 },
      { name: 'k-team', value: 'sk-team', models: [], weight: 1 },
    ];
    const { fake, served } = await start(
      {
        virtual_keys: [
          { id: 'vk-app', value: 'sk-bf-app', provider_configs: [{ provider: 'openai', key_ids: ['k-team'] }] },
          { id: 'vk-any', value: 'sk-bf-any' },
        ],
      },
      keys,
    );
    const limited = new OpenAI({ apiKey: 'sk-bf-app', baseURL: served.baseURL, maxRetries: 0 });
    for (let i = 0; i < 8; i++) await limited.chat.completions.create(hello);
    // A bare model name: the virtual key's provider is chosen, and its key_ids apply.
    await limited.chat.completions.create({ ...hello, model: 'gpt-4o-mini' });
    expect(new Set(fake.requests.map((request) => request.headers.authorization))).toEqual(new Set(['Bearer sk-team']));
    fake.reset();
    const any = new OpenAI({ apiKey: 'sk-bf-any', baseURL: served.baseURL, maxRetries: 0 });
    for (let i = 0; i < 16; i++) await any.chat.completions.create(hello);
    expect(new Set(fake.requests.map((request) => request.headers.authorization))).toEqual(new Set(['Bearer sk-shared', 'Bearer sk-team']));
  });

  it('answers model_not_found when none of the allowed keys serves the model', async () => {
    const keys = [
      { name: 'k-mini', value: 'sk-mini', models: ['gpt-4o-mini'], weight: 1 },
      { name: 'k-big', value: 'sk-big', models: ['gpt-4o'], weight: 1 },
    ];
    const { fake, served } = await start({ virtual_keys: [{ id: 'vk-app', value: 'sk-bf-app', provider_configs: [{ provider: 'openai', key_ids: ['k-big'] }] }] }, keys);
    const client = new OpenAI({ apiKey: 'sk-bf-app', baseURL: served.baseURL, maxRetries: 0 });
    await expect(client.chat.completions.create(hello)).rejects.toMatchObject({ status: 404, code: 'model_not_found' });
    expect(fake.requests).toHaveLength(0);
    await client.chat.completions.create({ ...hello, model: 'openai/gpt-4o' });
    expect(fake.requests.at(-1)!.headers.authorization).toBe('Bearer sk-big');
  });
});
