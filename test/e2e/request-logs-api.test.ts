import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpenAIUpstream, startOpenAIUpstream } from '../fake-upstreams/openai-upstream.js';
import { postgresAvailable } from '../support/postgres.js';
import { getLogs, type LogStoreFixture, postgresFixture, sqliteFixture, waitForLogs } from '../support/request-log-fixture.js';
import { type StartedGateway, startGateway } from '../support/start-gateway.js';

const hasPostgres = await postgresAvailable();

/**
 * Six requests over two providers: alpha answers three; beta answers two and fails
 * one. Each prompt names its provider and number, so content search can find one.
 */
async function sendTraffic(served: StartedGateway, beta: OpenAIUpstream) {
  const client = served.client();
  for (let i = 1; i <= 3; i++) await client.chat.completions.create({ model: 'alpha/model-a', messages: [{ role: 'user', content: `alpha question ${i}` }] });
  for (let i = 1; i <= 2; i++) await client.chat.completions.create({ model: 'beta/model-b', messages: [{ role: 'user', content: `beta question ${i}` }] });
  beta.script({ status: 500 });
  await expect(client.chat.completions.create({ model: 'beta/model-b', messages: [{ role: 'user', content: 'beta question 3' }] })).rejects.toThrow();
  await waitForLogs(served, 6);
}

describe.each([
  ['SQLite', sqliteFixture, true],
  ['PostgreSQL', postgresFixture, hasPostgres],
] as const)('GET /api/logs and /api/logs/stats over %s', (_name, makeStore, available) => {
  let store: LogStoreFixture;
  let alpha: OpenAIUpstream;
  let beta: OpenAIUpstream;
  let served: StartedGateway;
  const started = Date.now();

  beforeAll(async () => {
    if (!available) return;
    store = await makeStore();
    alpha = await startOpenAIUpstream();
    beta = await startOpenAIUpstream();
    const provider = (name: string, url: string) => ({
      keys: [{ name: `${name}-key`, value: `sk-${name}`, models: [], weight: 1 }],
      network_config: { base_url: url, max_retries: 0 },
      custom_provider_config: { base_provider_type: 'openai' },
    });
    served = await startGateway({ config: { providers: { alpha: provider('alpha', alpha.url), beta: provider('beta', beta.url) }, logs_store: store.logsStore }, appDir: store.appDir });
    await sendTraffic(served, beta);
  });
  afterAll(async () => {
    await served?.close();
    await alpha?.close();
    await beta?.close();
    await store?.dispose();
  });

  it.runIf(available)('lists the newest first, with a total for paging', async () => {
    const { logs, pagination } = await getLogs(served);
    expect(pagination).toEqual({ limit: 50, offset: 0, sort_by: 'timestamp', order: 'desc', total_count: 6 });
    expect(JSON.parse(logs[0].request_content).messages[0].content).toBe('beta question 3');
    const page = await getLogs(served, 'limit=2&offset=1&order=asc');
    expect(page.logs.map((log: any) => JSON.parse(log.request_content).messages[0].content)).toEqual(['alpha question 2', 'alpha question 3']);
    expect(page.pagination.total_count).toBe(6);
  });

  it.runIf(available)('filters by provider, model, status, time, latency, tokens, cost and content', async () => {
    const count = async (params: string) => (await getLogs(served, params)).pagination.total_count;
    expect(await count('providers=alpha')).toBe(3);
    expect(await count('providers=alpha,beta')).toBe(6);
    expect(await count('models=model-b')).toBe(3);
    expect(await count('status=error')).toBe(1);
    expect(await count('status=success&providers=beta')).toBe(2);
    expect(await count('status=502')).toBe(1);
    expect(await count('error_codes=upstream_error')).toBe(1);
    expect(await count(`start_time=${started - 1_000}&end_time=${Date.now() + 1_000}`)).toBe(6);
    expect(await count(`start_time=${new Date(Date.now() + 60_000).toISOString()}`)).toBe(0);
    expect(await count('min_latency=0&max_latency=60000')).toBe(6);
    expect(await count('max_latency=0')).toBe(0);
    expect(await count('min_tokens=11&max_tokens=11')).toBe(5);
    expect(await count('min_cost=1')).toBe(0);
    expect(await count('content_search=ALPHA QUESTION 2')).toBe(1);
    expect(await count('content_search=question')).toBe(6);
    expect(await count('content_search=%25')).toBe(0);
  });

  it.runIf(available)('sorts by latency, tokens and cost', async () => {
    const { logs } = await getLogs(served, 'sort_by=latency&order=asc');
    const latencies = logs.map((log: any) => log.latency_ms);
    expect(latencies).toEqual([...latencies].sort((a, b) => a - b));
    const byTokens = (await getLogs(served, 'sort_by=tokens&order=desc')).logs.map((log: any) => log.total_tokens);
    expect(byTokens.slice(0, 5)).toEqual([11, 11, 11, 11, 11]);
    expect((await getLogs(served, 'sort_by=cost')).logs).toHaveLength(6);
  });

  it.runIf(available)('sums counts, errors, latency percentiles, tokens and cost, overall and per provider and model', async () => {
    const stats = await getLogs(served, '', '/api/logs/stats');
    expect(stats).toMatchObject({ requests: 6, errors: 1, prompt_tokens: 25, completion_tokens: 30, total_tokens: 55 });
    expect(stats.error_rate).toBeCloseTo(1 / 6, 10);
    const { p50, p90, p99, avg } = stats.latency_ms;
    expect(p50).toBeGreaterThan(0);
    expect(p50).toBeLessThanOrEqual(p90);
    expect(p90).toBeLessThanOrEqual(p99);
    expect(avg).toBeGreaterThan(0);
    const groups = Object.fromEntries(stats.groups.map((group: any) => [`${group.provider}/${group.model}`, group]));
    expect(groups['alpha/model-a']).toMatchObject({ requests: 3, errors: 0, error_rate: 0, total_tokens: 33 });
    expect(groups['beta/model-b']).toMatchObject({ requests: 3, errors: 1, total_tokens: 22 });
    const alphaOnly = await getLogs(served, 'providers=alpha', '/api/logs/stats');
    expect(alphaOnly).toMatchObject({ requests: 3, errors: 0 });
    expect(alphaOnly.groups).toHaveLength(1);
  });

  it.runIf(available)('refuses malformed parameters with OpenAI-shaped 400s naming the parameter', async () => {
    for (const [params, param] of [
      ['limit=5000', 'limit'],
      ['sort_by=colour', 'sort_by'],
      ['start_time=soon', 'start_time'],
      ['min_tokens=-3', 'min_tokens'],
    ]) {
      const body = await getLogs(served, params, '/api/logs', 400);
      expect(body.error).toMatchObject({ code: 'invalid_request', type: 'invalid_request_error', param });
    }
    const stats = await getLogs(served, 'status=maybe', '/api/logs/stats', 400);
    expect(stats.error.param).toBe('status');
  });
});

describe('GET /api/logs on a gateway without a request log', () => {
  it('answers 404 logs_disabled', async () => {
    const served = await startGateway({ config: { providers: { mock: { keys: [{ name: 'm', value: 'x', models: [], weight: 1 }] } } } });
    try {
      for (const path of ['/api/logs', '/api/logs/stats']) {
        const body = await getLogs(served, '', path, 404);
        expect(body.error).toMatchObject({ code: 'logs_disabled', type: 'invalid_request_error' });
      }
    } finally {
      await served.close();
    }
  });
});
