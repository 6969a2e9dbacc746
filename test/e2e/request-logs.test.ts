import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type OpenAIUpstream, startOpenAIUpstream } from '../fake-upstreams/openai-upstream.js';
import { postgresAvailable } from '../support/postgres.js';
import { getLogs, type LogStoreFixture, postgresFixture, sqliteFixture, waitForLogs } from '../support/request-log-fixture.js';
import { openaiConfig, type StartedGateway, startGateway } from '../support/start-gateway.js';

const hasPostgres = await postgresAvailable();

const stores: Array<[string, () => Promise<LogStoreFixture>, boolean]> = [
  ['SQLite', sqliteFixture, true],
  ['PostgreSQL', postgresFixture, hasPostgres],
];

describe.each(stores)('request logs in %s', (_name, makeStore, available) => {
  let store: LogStoreFixture;
  let upstream: OpenAIUpstream;
  let served: StartedGateway | undefined;

  beforeAll(async () => {
    if (available) store = await makeStore();
  });
  afterAll(async () => {
    await store?.dispose();
  });
  afterEach(async () => {
    await served?.close();
    await upstream?.close();
    served = undefined;
  });

  /** A gateway with one OpenAI provider at a fresh fake, logging to this suite's store. */
  const start = async (client: Record<string, unknown> = {}) => {
    upstream = await startOpenAIUpstream();
    const config = { ...openaiConfig(upstream.url, { client }), logs_store: store.logsStore };
    served = await startGateway({ config, appDir: store.appDir });
    return served;
  };

  it.runIf(available)('records a chat completion with every field, content included', async () => {
    const served = await start();
    const answer = await served.client().chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hello there' }] }, { headers: { 'x-request-id': 'log-json-1' } });
    await waitForLogs(served, 1);
    const { logs, pagination } = await getLogs(served, 'request_id=log-json-1');
    expect(pagination.total_count).toBe(1);
    const [log] = logs;
    expect(log).toMatchObject({
      request_id: 'log-json-1',
      method: 'POST',
      route: '/v1/chat/completions',
      operation: 'chat',
      provider: 'openai',
      model: 'gpt-4o-mini',
      key_name: 'k1',
      status: 200,
      error_code: null,
      error_message: null,
      ttft_ms: null,
      prompt_tokens: 5,
      completion_tokens: 6,
      total_tokens: 11,
      cache_status: null,
      attempts: 1,
      fallback_index: 0,
      stream: false,
    });
    // gpt-4o-mini: $0.15 input, $0.60 output per million tokens.
    expect(log.cost_usd).toBeCloseTo((5 * 0.15 + 6 * 0.6) / 1e6, 15);
    expect(log.latency_ms).toBeGreaterThan(0);
    expect(log.upstream_ms).toBeGreaterThan(0);
    expect(log.upstream_ms).toBeLessThanOrEqual(log.latency_ms);
    expect(Math.abs(Date.parse(log.timestamp) - Date.now())).toBeLessThan(60_000);
    expect(JSON.parse(log.request_content).messages[0].content).toBe('Hello there');
    expect(JSON.parse(log.response_content).choices[0].message.content).toBe(answer.choices[0]!.message.content);
  });

  it.runIf(available)('records a stream: time to first token, its text, its usage', async () => {
    const served = await start();
    upstream.script({ deltas: ['Streamed ', 'answer'] });
    const stream = await served.client().chat.completions.create(
      { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Stream it' }], stream: true, stream_options: { include_usage: true } },
      { headers: { 'x-request-id': 'log-stream-1' } },
    );
    for await (const _chunk of stream);
    await waitForLogs(served, 1);
    const [log] = (await getLogs(served, 'request_id=log-stream-1')).logs;
    expect(log).toMatchObject({ operation: 'chat-stream', stream: true, status: 200, error_code: null, response_content: 'Streamed answer', prompt_tokens: 5 });
    expect(log.ttft_ms).toBeGreaterThan(0);
    expect(log.ttft_ms).toBeLessThanOrEqual(log.latency_ms);
    expect(log.cost_usd).toBeGreaterThan(0);
  });

  it.runIf(available)('records failures with their error code and message, a stream failing midway included', async () => {
    const served = await start();
    upstream.script({ status: 500, error: { message: 'upstream exploded' } });
    await expect(served.client().chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'fail' }] }, { headers: { 'x-request-id': 'log-fail-1' } })).rejects.toThrow();
    upstream.script({ deltas: ['a', 'b', 'c'], errorEventAfterEvents: 2 });
    const stream = await served.client().chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'cut' }], stream: true }, { headers: { 'x-request-id': 'log-fail-2' } });
    await expect(async () => {
      for await (const _chunk of stream);
    }).rejects.toThrow();
    await waitForLogs(served, 2);
    const [failed] = (await getLogs(served, 'request_id=log-fail-1')).logs;
    expect(failed).toMatchObject({ status: 502, error_code: 'upstream_error', provider: 'openai', attempts: 1 });
    expect(failed.error_message).toContain('upstream exploded');
    const [cut] = (await getLogs(served, 'request_id=log-fail-2')).logs;
    expect(cut).toMatchObject({ status: 200, stream: true });
    expect(cut.error_code).not.toBeNull();
    expect(cut.error_message).toBeTruthy();
  });

  it.runIf(available)('keeps no content when client.disable_content_logging is on', async () => {
    const served = await start({ disable_content_logging: true });
    await served.client().chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'secret prompt' }] }, { headers: { 'x-request-id': 'log-private-1' } });
    await waitForLogs(served, 1);
    const [log] = (await getLogs(served, 'request_id=log-private-1')).logs;
    expect(log).toMatchObject({ request_content: null, response_content: null, prompt_tokens: 5, status: 200 });
    expect((await getLogs(served, 'content_search=secret')).pagination.total_count).toBe(0);
  });
});
