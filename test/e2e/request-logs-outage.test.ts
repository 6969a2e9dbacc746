import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type OpenAIUpstream, startOpenAIUpstream } from '../fake-upstreams/openai-upstream.js';
import { postgresAvailable, postgresServer } from '../support/postgres.js';
import { getLogs, type LogStoreFixture, postgresFixture, sqliteFixture, waitForLogs } from '../support/request-log-fixture.js';
import { openaiConfig, type StartedGateway, startGateway } from '../support/start-gateway.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';

const hasPostgres = await postgresAvailable();

/** The value of an unlabelled sample of `/metrics`. */
async function metric(served: StartedGateway, name: string): Promise<number> {
  const text = await (await fetch(`${served.origin}/metrics`)).text();
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${name} `));
  return line === undefined ? Number.NaN : Number(line.split(' ')[1]);
}

/** Sends `count` chat requests, `concurrency` at a time; resolves to their statuses. */
async function sendMany(served: StartedGateway, count: number, concurrency = 20): Promise<number[]> {
  const statuses: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      const response = await fetch(`${served.baseURL}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'during the outage' }] }),
      });
      await response.arrayBuffer();
      statuses.push(response.status);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return statuses;
}

describe('request logs while the log database is down', () => {
  let store: LogStoreFixture | undefined;
  let upstream: OpenAIUpstream | undefined;
  let served: StartedGateway | undefined;
  let proxy: TcpProxy | undefined;

  afterEach(async () => {
    await served?.close();
    await upstream?.close();
    await proxy?.close();
    await store?.dispose();
    served = upstream = proxy = store = undefined;
  });

  const start = async (fixture: LogStoreFixture) => {
    store = fixture;
    upstream = await startOpenAIUpstream();
    // A small queue: the outage overflows it.
    const logsStore = { ...fixture.logsStore, queue_size: 100, batch_size: 50 };
    served = await startGateway({ config: { ...openaiConfig(upstream.url), logs_store: logsStore }, appDir: fixture.appDir });
    await sendMany(served, 1, 1);
    await waitForLogs(served, 1);
    return served;
  };

  /** 1,000 requests during the outage all succeed; 900 entries overflow the queue and are counted; logging resumes after. */
  const outage = async (served: StartedGateway, down: () => Promise<void>, up: () => Promise<void>, readsFail: boolean) => {
    await down();
    const statuses = await sendMany(served, 1_000);
    expect(statuses).toHaveLength(1_000);
    expect(statuses.every((status) => status === 200)).toBe(true);
    await served.gateway.logs!.flush(); // tries, and fails: the database is down
    expect(await metric(served, 'switchyard_logs_dropped_total')).toBe(900);
    expect(await metric(served, 'switchyard_logs_queue_depth')).toBe(100);
    expect(await metric(served, 'switchyard_logs_write_failures_total')).toBeGreaterThan(0);
    if (readsFail) {
      const refused = await getLogs(served, '', '/api/logs', 503);
      expect(refused.error.code).toBe('logs_unavailable');
    } else {
      // A write lock does not stop readers (WAL): what was written stays readable.
      expect((await getLogs(served)).pagination.total_count).toBe(1);
    }

    await up();
    await waitForLogs(served, 101);
    await sendMany(served, 5, 1);
    await waitForLogs(served, 106);
    expect(await metric(served, 'switchyard_logs_written_total')).toBe(106);
    expect(await metric(served, 'switchyard_logs_dropped_total')).toBe(900);
  };

  it.runIf(hasPostgres)('PostgreSQL unreachable: requests succeed, the overflow is counted, writing resumes when it is back', async () => {
    proxy = await startTcpProxy(postgresServer.host, postgresServer.port);
    const served = await start(await postgresFixture(proxy.port));
    await outage(served, () => proxy!.down(), () => proxy!.up(), true);
  }, 60_000);

  it('SQLite locked by another process: requests succeed, the overflow is counted, writing resumes when it is free', async () => {
    const fixture = await sqliteFixture();
    const served = await start(fixture);
    const other = new Database(join(fixture.appDir!, 'logs.db'));
    try {
      await outage(
        served,
        async () => void other.exec('BEGIN EXCLUSIVE'),
        async () => void other.exec('COMMIT'),
        false,
      );
    } finally {
      other.close();
    }
  }, 60_000);
});
