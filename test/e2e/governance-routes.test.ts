import Anthropic from '@anthropic-ai/sdk';
import { ApiError, GoogleGenAI } from '@google/genai';
import { randomBytes } from 'node:crypto';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { startOpenAIUpstream } from '../fake-upstreams/openai-upstream.js';
import { deleteKeys, redisAvailable, redisServer } from '../support/redis.js';
import { type StartedGateway, startGateway } from '../support/start-gateway.js';
import { startTcpProxy } from '../support/tcp-proxy.js';

const hasRedis = await redisAvailable();

/** Two providers at one fake, both OpenAI-wire; virtual keys over them. */
async function governed(governance: Record<string, unknown>) {
  const fake = await startOpenAIUpstream();
  const provider = (key: string) => ({ keys: [{ name: key, value: `sk-${key}`, models: [], weight: 1 }], network_config: { base_url: fake.url, max_retries: 0 }, custom_provider_config: { base_provider_type: 'openai' } });
  const served = await startGateway({
    config: {
      client: { enforce_auth_on_inference: true },
      providers: { alpha: provider('alpha'), beta: provider('beta') },
      pricing: { 'alpha/model-a': { input: 1, output: 1 } },
      governance: {
        virtual_keys: [{ id: 'vk-1', value: 'sk-bf-one', provider_configs: [{ provider: 'alpha', weight: 1, allowed_models: ['model-a'] }, { provider: 'beta', weight: 0, allowed_models: ['model-a'] }] }],
        ...governance,
      },
    },
  });
  return { fake, served };
}

describe('governance on every route shape', () => {
  const opened: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    for (const item of opened.splice(0).reverse()) await item.close();
  });
  const start = async (governance: Record<string, unknown> = {}) => {
    const { fake, served } = await governed(governance);
    opened.push(fake, served);
    return { fake, served };
  };

  it('answers 401, 403 and 429 in Anthropic’s and Google’s error shapes', async () => {
    const { served } = await start({
      rate_limits: [{ id: 'r-1', request_max_limit: 1, request_reset_duration: '1m' }],
      virtual_keys: [{ id: 'vk-1', value: 'sk-bf-one', rate_limit_id: 'r-1', provider_configs: [{ provider: 'alpha', allowed_models: ['model-a'] }] }],
    });
    const anthropic = (apiKey: string) => new Anthropic({ apiKey, baseURL: `${served.origin}/anthropic`, maxRetries: 0 });
    const message = (model: string) => ({ model, max_tokens: 20, messages: [{ role: 'user' as const, content: 'Hi' }] });
    expect(await anthropic('sk-bf-nobody').messages.create(message('alpha/model-a')).catch((error) => error)).toBeInstanceOf(Anthropic.AuthenticationError);
    expect(await anthropic('sk-bf-one').messages.create(message('beta/model-a')).catch((error) => error)).toBeInstanceOf(Anthropic.PermissionDeniedError);

    const gemini = (apiKey: string) => new GoogleGenAI({ apiKey, httpOptions: { baseUrl: `${served.origin}/genai` } });
    const refused = await gemini('sk-bf-nobody').models.generateContent({ model: 'alpha/model-a', contents: 'Hi' }).catch((error) => error);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).status).toBe(401);
    const answer = await gemini('sk-bf-one').models.generateContent({ model: 'alpha/model-a', contents: 'Hi' });
    expect(answer.text).toBeTruthy();
    const limited = await gemini('sk-bf-one').models.generateContent({ model: 'alpha/model-a', contents: 'Hi' }).catch((error) => error);
    expect((limited as ApiError).status).toBe(429);
    const raw = await fetch(`${served.origin}/genai/v1beta/models/alpha/model-a:generateContent`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-goog-api-key': 'sk-bf-one' }, body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'Hi' }] }] }) });
    expect(raw.status).toBe(429);
    expect(((await raw.json()) as any).error).toMatchObject({ code: 429, status: 'RESOURCE_EXHAUSTED' });
  });

  it('answers 402 (budget spent) and 429 on the Anthropic route, 403 and 402 on the Gemini route, in their shapes', async () => {
    const { served } = await start({
      budgets: [{ id: 'b-tiny', max_limit: 0.000001, reset_duration: '1d' }],
      rate_limits: [{ id: 'r-1', request_max_limit: 1, request_reset_duration: '1m' }],
      virtual_keys: [
        { id: 'vk-budget', value: 'sk-bf-budget', budget_id: 'b-tiny', provider_configs: [{ provider: 'alpha', allowed_models: ['model-a'] }] },
        { id: 'vk-rate', value: 'sk-bf-rate', rate_limit_id: 'r-1', provider_configs: [{ provider: 'alpha', allowed_models: ['model-a'] }] },
      ],
    });
    const anthropic = (apiKey: string) => new Anthropic({ apiKey, baseURL: `${served.origin}/anthropic`, maxRetries: 0 });
    const message = { model: 'alpha/model-a', max_tokens: 20, messages: [{ role: 'user' as const, content: 'Hi' }] };
    await anthropic('sk-bf-budget').messages.create(message); // spends the budget ($0.000011 > $0.000001)
    const broke = await anthropic('sk-bf-budget').messages.create(message).catch((error) => error);
    expect(broke).toBeInstanceOf(Anthropic.APIError);
    expect((broke as InstanceType<typeof Anthropic.APIError>).status).toBe(402);
    expect((broke as any).error).toMatchObject({ type: 'error', error: { type: expect.any(String), message: expect.stringContaining('budget') } });
    await anthropic('sk-bf-rate').messages.create(message);
    expect(await anthropic('sk-bf-rate').messages.create(message).catch((error) => error)).toBeInstanceOf(Anthropic.RateLimitError);

    const gemini = (apiKey: string) => new GoogleGenAI({ apiKey, httpOptions: { baseUrl: `${served.origin}/genai` } });
    const forbidden = await gemini('sk-bf-rate').models.generateContent({ model: 'beta/model-a', contents: 'Hi' }).catch((error) => error);
    expect((forbidden as ApiError).status).toBe(403);
    const spent = await fetch(`${served.origin}/genai/v1beta/models/alpha/model-a:generateContent`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-goog-api-key': 'sk-bf-budget' }, body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'Hi' }] }] }) });
    expect(spent.status).toBe(402);
    expect(((await spent.json()) as any).error).toMatchObject({ code: 402, message: expect.stringContaining('budget') });
  });

  it('routes a bare model name by the virtual key’s weights (weight 0 never chosen)', async () => {
    const { fake, served } = await start();
    const client = new OpenAI({ apiKey: 'sk-bf-one', baseURL: served.baseURL, maxRetries: 0 });
    for (let i = 0; i < 10; i++) {
      const { response } = await client.chat.completions.create({ model: 'model-a', messages: [{ role: 'user', content: 'Hi' }] }).withResponse();
      expect(response.headers.get('x-switchyard-provider')).toBe('alpha');
    }
    expect(fake.requests.every((request) => request.headers.authorization === 'Bearer sk-alpha')).toBe(true);
  });

  it.runIf(hasRedis)('keeps serving (fail open) or refuses with 503 (fail closed) when Redis stops mid-test, and counts again when it is back', async () => {
    const proxy = await startTcpProxy(redisServer.host, redisServer.port);
    opened.push(proxy);
    for (const failureMode of ['open', 'closed'] as const) {
      const prefix = `sy-gov-${randomBytes(4).toString('hex')}:`;
      opened.push({ close: () => deleteKeys(prefix) });
      await proxy.up().catch(() => undefined);
      const { served } = await start({
        failure_mode: failureMode,
        rate_limits: [{ id: 'r-3', request_max_limit: 3, request_reset_duration: '1m' }],
        virtual_keys: [{ id: 'vk-1', value: 'sk-bf-one', rate_limit_id: 'r-3', provider_configs: [{ provider: 'alpha', allowed_models: ['model-a'] }] }],
        counters: { type: 'redis', config: { addr: `127.0.0.1:${proxy.port}`, key_prefix: prefix } },
      });
      const send = () => chat(served);
      expect(await send()).toBe(200); // counted: 1 of 3
      await proxy.down();
      const during = await Promise.all([send(), send(), send(), send()]);
      expect(during).toEqual(failureMode === 'open' ? [200, 200, 200, 200] : [503, 503, 503, 503]);
      await proxy.up();
      // Back (after the client's reconnect, within seconds): the limit holds again.
      const statuses: number[] = [];
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline && !statuses.includes(429)) {
        statuses.push(await send());
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(statuses).toContain(429);
    }
  }, 60_000);
});

async function chat(served: StartedGateway): Promise<number> {
  const response = await fetch(`${served.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-bf-vk': 'sk-bf-one' },
    body: JSON.stringify({ model: 'alpha/model-a', messages: [{ role: 'user', content: 'Hi' }] }),
  });
  await response.arrayBuffer();
  return response.status;
}
