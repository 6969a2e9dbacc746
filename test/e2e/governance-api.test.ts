import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { type OpenAIUpstream, startOpenAIUpstream } from '../fake-upstreams/openai-upstream.js';
import { type StartedGateway, type StartGatewayOptions, startGateway } from '../support/start-gateway.js';
import { deleteKeys, redisAvailable, redisServer } from '../support/redis.js';
import { createScratchDatabase, postgresAvailable, postgresServer } from '../support/postgres.js';

const hasRedis = await redisAvailable();
const hasPostgres = await postgresAvailable();
const adminKey = 'admin-secret';

/** One OpenAI provider priced at $1 per million tokens (the fake answers 5 + 6 tokens: $0.000011), a budget, an admin key. */
function managedConfig(upstreamUrl: string, governance: Record<string, unknown> = {}) {
  return {
    client: { enforce_auth_on_inference: true, admin_key: adminKey },
    providers: { openai: { keys: [{ name: 'k1', value: 'sk-test', models: [], weight: 1 }], network_config: { base_url: upstreamUrl, max_retries: 0 } } },
    pricing: { 'openai/gpt-4o-mini': { input: 1, output: 1 } },
    governance: { budgets: [{ id: 'b-app', max_limit: 1, reset_duration: '1d' }], ...governance },
  };
}

const hello = { model: 'openai/gpt-4o-mini', messages: [{ role: 'user' as const, content: 'Hello' }] };

describe('governance management API', () => {
  const opened: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    for (const item of opened.splice(0).reverse()) await item.close();
  });
  const upstream = async (): Promise<OpenAIUpstream> => {
    const fake = await startOpenAIUpstream();
    opened.push(fake);
    return fake;
  };
  const gateway = async (options: StartGatewayOptions): Promise<StartedGateway> => {
    const served = await startGateway(options);
    opened.push(served);
    return served;
  };
  const appDir = async (): Promise<string> => {
    const dir = await mkdtemp(join(tmpdir(), 'switchyard-governance-api-'));
    opened.push({ close: () => rm(dir, { recursive: true, force: true }) });
    return dir;
  };
  const openai = (served: StartedGateway, apiKey: string) => new OpenAI({ apiKey, baseURL: served.baseURL, maxRetries: 0 });
  const admin = (served: StartedGateway, method: string, path: string, body?: unknown, key: string | null = adminKey) =>
    fetch(`${served.origin}/api/governance/${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(key === null ? {} : { authorization: `Bearer ${key}` }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const appKey = { id: 'vk-new', value: 'sk-bf-new', budget_id: 'b-app', provider_configs: [{ provider: 'openai', allowed_models: ['gpt-4o-mini', 'gpt-4o'] }] };

  it('creates a virtual key that works at once, narrows its models (403 at once), shows budget usage, and deletes it (401 at once)', async () => {
    const fake = await upstream();
    const served = await gateway({ config: managedConfig(fake.url) });
    await expect(openai(served, 'sk-bf-new').chat.completions.create(hello)).rejects.toMatchObject({ status: 401, code: 'virtual_key_invalid' });

    const created = await admin(served, 'POST', 'virtual-keys', appKey);
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ id: 'vk-new', is_active: true });
    expect((await openai(served, 'sk-bf-new').chat.completions.create(hello)).choices[0]!.message.content).toBeTruthy();
    expect((await admin(served, 'POST', 'virtual-keys', appKey)).status).toBe(409);

    const list = (await (await admin(served, 'GET', 'virtual-keys')).json()) as { data: Array<{ id: string }> };
    expect(list.data.map((key) => key.id)).toEqual(['vk-new']);
    const budget = (await (await admin(served, 'GET', 'budgets/b-app')).json()) as any;
    expect(budget.usage.budget.spent).toBeCloseTo(0.000011, 9);
    const key = (await (await admin(served, 'GET', 'virtual-keys/vk-new')).json()) as any;
    expect(key.usage.budget).toMatchObject({ budget_id: 'b-app', max_limit: 1 });
    expect(key.usage.budget.spent).toBeCloseTo(0.000011, 9);

    const narrowed = await admin(served, 'PUT', 'virtual-keys/vk-new', { ...appKey, provider_configs: [{ provider: 'openai', allowed_models: ['gpt-4o'] }] });
    expect(narrowed.status).toBe(200);
    await expect(openai(served, 'sk-bf-new').chat.completions.create(hello)).rejects.toMatchObject({ status: 403, code: 'model_not_allowed' });

    const conflict = await admin(served, 'DELETE', 'budgets/b-app');
    expect(conflict.status).toBe(409);
    expect(((await conflict.json()) as any).error).toMatchObject({ code: 'governance_conflict', message: expect.stringContaining("virtual_keys 'vk-new'.budget_id") });

    expect((await admin(served, 'DELETE', 'virtual-keys/vk-new')).status).toBe(200);
    await expect(openai(served, 'sk-bf-new').chat.completions.create({ ...hello, model: 'openai/gpt-4o' })).rejects.toMatchObject({ status: 401, code: 'virtual_key_invalid' });
    expect((await admin(served, 'GET', 'virtual-keys/vk-new')).status).toBe(404);
  });

  it('answers 401 without or with a wrong admin key, 403 when none is configured, 400 naming a bad field, 404 for an unknown kind', async () => {
    const fake = await upstream();
    const served = await gateway({ config: managedConfig(fake.url) });
    const missing = await admin(served, 'GET', 'budgets', undefined, null);
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as any).error).toMatchObject({ code: 'admin_key_invalid', type: 'authentication_error' });
    expect((await admin(served, 'GET', 'budgets', undefined, 'wrong')).status).toBe(401);
    const byHeader = await fetch(`${served.origin}/api/governance/budgets`, { headers: { 'x-admin-key': adminKey } });
    expect(byHeader.status).toBe(200);

    const invalid = await admin(served, 'POST', 'budgets', { id: 'b2', max_limit: -1, reset_duration: '1d' });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as any).error).toMatchObject({ code: 'invalid_request', param: 'max_limit' });
    expect((await admin(served, 'GET', 'widgets')).status).toBe(404);

    const config = managedConfig(fake.url);
    const closed = await gateway({ config: { ...config, client: { enforce_auth_on_inference: true } }, env: {} });
    const disabled = await admin(closed, 'GET', 'budgets');
    expect(disabled.status).toBe(403);
    expect(((await disabled.json()) as any).error.code).toBe('admin_disabled');
  });

  it('keeps a key created through the API after a restart on the same app directory (SQLite config store)', async () => {
    const fake = await upstream();
    const dir = await appDir();
    const first = await startGateway({ config: managedConfig(fake.url), appDir: dir });
    expect((await admin(first, 'POST', 'virtual-keys', appKey)).status).toBe(201);
    await first.close();

    const second = await gateway({ config: managedConfig(fake.url), appDir: dir });
    expect((await openai(second, 'sk-bf-new').chat.completions.create(hello)).choices[0]!.message.content).toBeTruthy();
    expect((await admin(second, 'GET', 'virtual-keys/vk-new')).status).toBe(200);
  });

  it.runIf(hasRedis)('applies a change made through one gateway on another sharing Redis, without a restart', async () => {
    const fake = await upstream();
    const prefix = `switchyard:test:${randomBytes(6).toString('hex')}:`;
    opened.push({ close: () => deleteKeys(prefix) });
    const config = managedConfig(fake.url, { counters: { type: 'redis', config: { addr: `${redisServer.host}:${redisServer.port}`, key_prefix: prefix } } });
    const a = await gateway({ config, appDir: await appDir() });
    const b = await gateway({ config, appDir: await appDir() });

    expect((await admin(a, 'POST', 'virtual-keys', appKey)).status).toBe(201);
    await expect.poll(async () => (await admin(b, 'GET', 'virtual-keys/vk-new')).status, { timeout: 3_000 }).toBe(200);
    expect((await openai(b, 'sk-bf-new').chat.completions.create(hello)).choices[0]!.message.content).toBeTruthy();

    await admin(a, 'PUT', 'virtual-keys/vk-new', { ...appKey, provider_configs: [{ provider: 'openai', allowed_models: ['gpt-4o'] }] });
    await expect.poll(async () => ((await (await admin(b, 'GET', 'virtual-keys/vk-new')).json()) as any).provider_configs[0].allowed_models, { timeout: 3_000 }).toEqual(['gpt-4o']);
    await expect(openai(b, 'sk-bf-new').chat.completions.create(hello)).rejects.toMatchObject({ status: 403, code: 'model_not_allowed' });

    await admin(a, 'DELETE', 'virtual-keys/vk-new');
    await expect.poll(async () => (await admin(b, 'GET', 'virtual-keys/vk-new')).status, { timeout: 3_000 }).toBe(404);
    await expect(openai(b, 'sk-bf-new').chat.completions.create({ ...hello, model: 'openai/gpt-4o' })).rejects.toMatchObject({ status: 401, code: 'virtual_key_invalid' });
  });

  it.runIf(hasPostgres)('keeps a key created through the API after a restart with a PostgreSQL config store', async () => {
    const fake = await upstream();
    const database = await createScratchDatabase('sy_governance_api');
    opened.push({ close: () => database.drop() });
    const config = { ...managedConfig(fake.url), config_store: { type: 'postgres', config: { host: postgresServer.host, port: postgresServer.port, user: postgresServer.user, db_name: database.name } } };
    const first = await startGateway({ config });
    expect((await admin(first, 'POST', 'virtual-keys', appKey)).status).toBe(201);
    await first.close();

    const second = await gateway({ config });
    expect((await openai(second, 'sk-bf-new').chat.completions.create(hello)).choices[0]!.message.content).toBeTruthy();
    expect((await admin(second, 'DELETE', 'budgets/b-app')).status).toBe(409);
  });
});
