import { randomBytes } from 'node:crypto';
import net from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logColumnNames, logColumns, toRow } from '../log-columns.js';
import type { RequestLogEntry, RequestLogRecord } from '../log-entry.js';
import type { LogFilter, LogQuery } from '../log-query.js';
import type { PostgresLogConfig } from './postgres-config.js';
import { openPostgresLogStore, type PostgresLogStore } from './postgres-log-store.js';
import { postgresLogSchemaVersion } from './postgres-schema.js';
import { sampleLogEntry } from '../../../test/support/log-entry.js';
import { postgresAvailable } from '../../../test/support/postgres.js';
import { startTcpProxy, type TcpProxy } from '../../../test/support/tcp-proxy.js';

const server = { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' };

const available = await postgresAvailable();

let sequence = 0;
const day = 86_400_000;
const start = Date.UTC(2025, 0, 1);

function entry(overrides: Partial<RequestLogEntry> = {}): RequestLogEntry {
  sequence++;
  return sampleLogEntry({ timestamp: start + sequence * 1000, requestId: `req-${sequence}`, completionTokens: 20, totalTokens: 30, requestContent: 'hello', responseContent: 'world', ...overrides });
}

const everything: LogQuery = { sort: 'timestamp', order: 'asc', limit: 1000, offset: 0 };

describe.skipIf(!available)('postgres log store', () => {
  const schema = `sy_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client(server);
  const config = (port = server.port): PostgresLogConfig => ({
    host: server.host,
    port,
    user: server.user,
    db_name: server.database,
    options: `-c search_path=${schema},public`,
    connect_timeout_ms: 1000,
  });
  let store: PostgresLogStore;

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    store = await openPostgresLogStore(config());
  });

  afterAll(async () => {
    await store?.close();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  });

  async function reset(entries: RequestLogEntry[]): Promise<RequestLogRecord[]> {
    await store.prune(Number.MAX_SAFE_INTEGER);
    await store.insert(entries);
    return (await store.query(everything)).logs;
  }

  const ids = async (query: Partial<LogQuery>) => (await store.query({ ...everything, ...query })).logs.map((log) => log.requestId);

  it('creates its schema on the first call and keeps every field of an entry', async () => {
    const full = entry({
      operation: 'chat-stream',
      virtualKey: 'vk-team',
      team: 'team-a',
      customer: 'acme',
      status: 502,
      errorCode: 'upstream_error',
      errorMessage: 'bad gateway',
      latencyMs: 1234.5,
      ttftMs: 56.25,
      upstreamMs: 1200.75,
      costUsd: 0.012345,
      cacheStatus: 'miss',
      attempts: 3,
      fallbackIndex: 2,
      stream: true,
      requestContent: '{"messages":[{"role":"user","content":"héllo \\"quoted\\" \\\\ {braces}, NULL"}]}',
      responseContent: 'NULL',
    });
    const empty = entry({
      operation: null, provider: null, model: null, keyName: null, promptTokens: null, completionTokens: null,
      totalTokens: null, costUsd: null, requestContent: null, responseContent: null, method: 'GET', route: 'unmatched', status: 404,
    });
    const logs = await reset([full, empty]);
    expect(store.trigramSearch).toBe(false);
    expect(logs).toHaveLength(2);
    expect(logs[0]).toEqual({ ...full, id: expect.any(Number) });
    expect(logs[1]).toEqual({ ...empty, id: logs[0].id + 1 });
    const meta = await admin.query(`SELECT value FROM ${schema}.switchyard_meta WHERE key = 'logs_schema_version'`);
    expect(meta.rows).toEqual([{ value: String(postgresLogSchemaVersion) }]);
  });

  it('inserts a batch whole or not at all', async () => {
    await reset([entry()]);
    await expect(store.insert([entry(), entry({ status: 1.5 })])).rejects.toThrow(/postgres log store: insert failed/);
    expect((await store.query(everything)).total).toBe(1);
    await store.insert([]);
  });

  describe('filters', () => {
    const data = [
      entry({ provider: 'openai', model: 'gpt-4o', keyName: 'a', virtualKey: 'vk1', team: 'team-a', customer: 'acme', operation: 'chat', status: 200, latencyMs: 50, totalTokens: 10, costUsd: 0.1, cacheStatus: 'hit-exact' }),
      entry({ provider: 'anthropic', model: 'claude', keyName: 'b', virtualKey: 'vk2', team: 'team-b', customer: 'acme', operation: 'chat-stream', status: 200, latencyMs: 150, totalTokens: 100, costUsd: 1, cacheStatus: 'miss' }),
      entry({ provider: 'anthropic', model: 'claude', keyName: 'b', virtualKey: null, operation: 'chat', status: 429, errorCode: 'rate_limited', latencyMs: 250, totalTokens: null, costUsd: null }),
      entry({ provider: 'groq', model: 'llama', keyName: null, operation: 'embed', route: '/v1/embeddings', status: 500, errorCode: 'upstream_error', latencyMs: 350, totalTokens: 1000, costUsd: 10 }),
      entry({ provider: null, model: null, operation: null, route: 'unmatched', method: 'GET', status: 404, errorCode: 'not_found', latencyMs: 1, totalTokens: null, costUsd: null }),
    ];
    beforeAll(async () => {
      await reset(data);
    });

    const cases: Array<[string, LogFilter, (e: RequestLogEntry) => boolean]> = [
      ['from and to', { from: data[1].timestamp, to: data[3].timestamp }, (e) => e.timestamp >= data[1].timestamp && e.timestamp <= data[3].timestamp],
      ['provider', { provider: ['anthropic'] }, (e) => e.provider === 'anthropic'],
      ['providers', { provider: ['anthropic', 'groq'] }, (e) => e.provider === 'anthropic' || e.provider === 'groq'],
      ['model', { model: ['gpt-4o', 'llama'] }, (e) => e.model === 'gpt-4o' || e.model === 'llama'],
      ['key name', { keyName: ['b'] }, (e) => e.keyName === 'b'],
      ['virtual key', { virtualKey: ['vk1', 'vk2'] }, (e) => e.virtualKey === 'vk1' || e.virtualKey === 'vk2'],
      ['team', { team: ['team-b', 'nobody'] }, (e) => e.team === 'team-b'],
      ['customer', { customer: ['acme'] }, (e) => e.customer === 'acme'],
      ['operation', { operation: ['chat'] }, (e) => e.operation === 'chat'],
      ['route', { route: ['/v1/embeddings'] }, (e) => e.route === '/v1/embeddings'],
      ['status', { status: [200, 404] }, (e) => e.status === 200 || e.status === 404],
      ['success', { outcome: 'success' }, (e) => e.errorCode === null],
      ['error', { outcome: 'error' }, (e) => e.errorCode !== null],
      ['error code', { errorCode: ['rate_limited'] }, (e) => e.errorCode === 'rate_limited'],
      ['cache status', { cacheStatus: ['miss', 'hit-exact'] }, (e) => e.cacheStatus === 'miss' || e.cacheStatus === 'hit-exact'],
      ['request id', { requestId: data[2].requestId }, (e) => e.requestId === data[2].requestId],
      ['latency range', { minLatencyMs: 50, maxLatencyMs: 250 }, (e) => e.latencyMs >= 50 && e.latencyMs <= 250],
      ['token range', { minTokens: 50 }, (e) => e.totalTokens !== null && e.totalTokens >= 50],
      ['cost range', { maxCostUsd: 1 }, (e) => e.costUsd !== null && e.costUsd <= 1],
      ['several at once', { provider: ['anthropic'], outcome: 'error', maxLatencyMs: 300 }, (e) => e.provider === 'anthropic' && e.errorCode !== null && e.latencyMs <= 300],
    ];
    it.each(cases)('filters by %s', async (_name, filter, expected) => {
      const page = await store.query({ ...everything, ...filter });
      const want = data.filter(expected).map((e) => e.requestId);
      expect(want.length).toBeGreaterThan(0);
      expect(page.logs.map((log) => log.requestId)).toEqual(want);
      expect(page.total).toBe(want.length);
    });

    const sorts: Array<[LogQuery['sort'], keyof RequestLogEntry]> = [
      ['timestamp', 'timestamp'],
      ['latency', 'latencyMs'],
      ['tokens', 'totalTokens'],
      ['cost', 'costUsd'],
    ];
    it.each(sorts)('sorts by %s both ways, NULLs lowest and ties by id', async (sort, field) => {
      const byField = (a: RequestLogEntry, b: RequestLogEntry) => {
        const x = a[field] as number | null;
        const y = b[field] as number | null;
        if (x === y) return data.indexOf(a) - data.indexOf(b);
        if (x === null) return -1;
        if (y === null) return 1;
        return x - y;
      };
      const ascending = [...data].sort(byField).map((e) => e.requestId);
      expect(await ids({ sort, order: 'asc' })).toEqual(ascending);
      expect(await ids({ sort, order: 'desc' })).toEqual([...ascending].reverse());
    });

    it('pages with limit and offset and counts every match', async () => {
      const page = await store.query({ ...everything, order: 'desc', limit: 2, offset: 1 });
      expect(page.logs.map((log) => log.requestId)).toEqual([data[3].requestId, data[2].requestId]);
      expect(page).toMatchObject({ total: 5, limit: 2, offset: 1 });
      const past = await store.query({ ...everything, limit: 2, offset: 10 });
      expect(past).toMatchObject({ logs: [], total: 5 });
    });
  });

  describe.each([
    ['without', false],
    ['with', true],
  ] as const)('content search, %s the trigram indexes', (_name, contentSearchIndex) => {
    const data = [
      entry({ requestContent: 'What is the Capital of France?', responseContent: 'Paris' }),
      entry({ requestContent: 'discount 50% off', responseContent: 'ok' }),
      entry({ requestContent: 'file_name and filename', responseContent: null }),
      entry({ requestContent: null, responseContent: 'C:\\temp\\x and 5 percent' }),
      entry({ requestContent: 'Ünïcode Straße', responseContent: 'fin' }),
    ];
    let searcher: PostgresLogStore;
    beforeAll(async () => {
      await reset(data);
      searcher = contentSearchIndex ? await openPostgresLogStore(config(), { contentSearchIndex }) : store;
      await searcher.query(everything);
      expect(searcher.trigramSearch).toBe(contentSearchIndex);
    });
    afterAll(async () => {
      if (searcher !== store) await searcher.close();
    });
    const searchIds = async (query: Partial<LogQuery>) => (await searcher.query({ ...everything, ...query })).logs.map((log) => log.requestId);
    const search = (text: string) => searchIds({ search: text });

    it('finds a substring of the request or the response, ignoring case', async () => {
      expect(await search('capital of')).toEqual([data[0].requestId]);
      expect(await search('PARIS')).toEqual([data[0].requestId]);
      expect(await search('straße')).toEqual([data[4].requestId]);
      expect(await search('ünï')).toEqual([data[4].requestId]);
    });

    it('finds searches shorter than three characters', async () => {
      expect(await search('Pa')).toEqual([data[0].requestId]);
      expect(await search('%')).toEqual([data[1].requestId]);
      expect(await search('x')).toEqual([data[3].requestId]);
    });

    it('takes % _ and \\ literally', async () => {
      expect(await search('50%')).toEqual([data[1].requestId]);
      expect(await search('0%')).toEqual([data[1].requestId]);
      expect(await search('e_n')).toEqual([data[2].requestId]);
      expect(await search('_')).toEqual([data[2].requestId]);
      expect(await search('\\temp\\')).toEqual([data[3].requestId]);
      expect(await search('\\')).toEqual([data[3].requestId]);
      expect(await search('5%off')).toEqual([]);
    });

    it('counts search matches and combines with filters', async () => {
      const page = await searcher.query({ ...everything, search: 'an', limit: 1 });
      expect(page.total).toBe(3);
      expect(await searchIds({ search: 'an', from: data[3].timestamp })).toEqual([data[3].requestId]);
    });
  });

  it('creates the trigram indexes only when asked, and drops them when not', async () => {
    const trigramIndexes = async () =>
      (await admin.query(`SELECT indexname FROM pg_indexes WHERE schemaname = $1 AND indexname LIKE '%trgm%' ORDER BY indexname`, [schema])).rows.map((row) => row.indexname);
    const indexed = await openPostgresLogStore(config(), { contentSearchIndex: true });
    await indexed.query(everything);
    await indexed.close();
    expect(await trigramIndexes()).toEqual(['logs_request_content_trgm_idx', 'logs_response_content_trgm_idx']);
    const plain = await openPostgresLogStore(config());
    await plain.query(everything);
    await plain.close();
    expect(await trigramIndexes()).toEqual([]);
  });

  describe('stats', () => {
    it('sums, counts errors and takes nearest-rank percentiles, overall and per provider and model', async () => {
      const latencies = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
      const data = [
        ...latencies.map((latencyMs, i) => entry({ provider: 'openai', model: 'gpt-4o', latencyMs, promptTokens: 1, completionTokens: 2, totalTokens: 3, costUsd: 0.25, errorCode: i < 2 ? 'upstream_error' : null })),
        entry({ provider: 'anthropic', model: 'claude', latencyMs: 1000, promptTokens: null, completionTokens: null, totalTokens: null, costUsd: null }),
        entry({ provider: 'anthropic', model: 'claude', latencyMs: 3000, promptTokens: 5, completionTokens: 5, totalTokens: 10, costUsd: 1.5 }),
        entry({ provider: null, model: null, latencyMs: 5, errorCode: 'not_found', promptTokens: null, completionTokens: null, totalTokens: null, costUsd: null }),
      ];
      await reset(data);
      const stats = await store.stats({});
      expect(stats).toMatchObject({
        requests: 13,
        errors: 3,
        errorRate: 3 / 13,
        promptTokens: 15,
        completionTokens: 25,
        totalTokens: 40,
        latencyMs: { p50: 60, p90: 1000, p99: 3000 },
      });
      expect(stats.costUsd).toBeCloseTo(4);
      expect(stats.latencyMs.avg).toBeCloseTo((550 + 4000 + 5) / 13);
      expect(stats.groups.map((g) => [g.provider, g.model, g.requests])).toEqual([
        ['openai', 'gpt-4o', 10],
        ['anthropic', 'claude', 2],
        [null, null, 1],
      ]);
      expect(stats.groups[0]).toMatchObject({ errors: 2, errorRate: 0.2, latencyMs: { avg: 55, p50: 50, p90: 90, p99: 100 }, totalTokens: 30, costUsd: 2.5 });
      expect(stats.groups[1]).toMatchObject({ errors: 0, errorRate: 0, latencyMs: { avg: 2000, p50: 1000, p90: 3000, p99: 3000 }, promptTokens: 5, costUsd: 1.5 });
      expect(stats.groups[2]).toMatchObject({ errors: 1, errorRate: 1, latencyMs: { avg: 5, p50: 5 }, totalTokens: 0, costUsd: 0 });

      const filtered = await store.stats({ provider: ['anthropic'] });
      expect(filtered).toMatchObject({ requests: 2, latencyMs: { p50: 1000 }, groups: [{ provider: 'anthropic', requests: 2 }] });
    });

    it('sorts groups with equal requests by provider then model', async () => {
      await reset([entry({ provider: 'b', model: 'y' }), entry({ provider: 'a', model: 'z' }), entry({ provider: 'b', model: 'x' })]);
      const stats = await store.stats({});
      expect(stats.groups.map((g) => `${g.provider}/${g.model}`)).toEqual(['a/z', 'b/x', 'b/y']);
    });

    it('gives zeros and null latencies when nothing matches', async () => {
      const stats = await store.stats({ provider: ['nobody'] });
      expect(stats).toEqual({
        requests: 0, errors: 0, errorRate: 0, latencyMs: { avg: null, p50: null, p90: null, p99: null },
        promptTokens: 0, completionTokens: 0, totalTokens: 0, costUsd: 0, groups: [],
      });
    });
  });

  it('prunes entries older than a time and keeps search consistent', async () => {
    const data = Array.from({ length: 30 }, (_, i) => entry({ timestamp: start + i * day, requestContent: `needle ${i}` }));
    await reset(data);
    expect(await store.prune(start + 10 * day)).toBe(10);
    expect(await store.prune(start + 10 * day)).toBe(0);
    const page = await store.query({ ...everything, search: 'needle' });
    expect(page.total).toBe(20);
    expect(page.logs[0].timestamp).toBe(start + 10 * day);
    expect((await store.query({ ...everything, search: 'needle 5' })).total).toBe(0);
  });

  it('keeps no index on random-valued columns (latency, tokens, cost), which would slow every insert', async () => {
    const indexes = await admin.query(`SELECT indexname FROM pg_indexes WHERE schemaname = $1 AND tablename = 'logs' ORDER BY indexname`, [schema]);
    expect(indexes.rows.map((row) => row.indexname)).toEqual([
      'logs_error_code_idx', 'logs_model_timestamp_idx', 'logs_pkey', 'logs_provider_timestamp_idx', 'logs_request_id_idx', 'logs_status_idx', 'logs_timestamp_idx',
    ]);
  });

  it.each([
    ['timestamp', 'ASC NULLS FIRST'], ['timestamp', 'DESC NULLS LAST'],
  ])('reads pages sorted by %s %s from an index, without sorting the table', async (column, direction) => {
    const id = direction.startsWith('ASC') ? 'ASC' : 'DESC';
    await admin.query('BEGIN');
    try {
      await admin.query('SET LOCAL enable_sort = off');
      await admin.query('SET LOCAL enable_seqscan = off');
      const plan = await admin.query(`EXPLAIN SELECT * FROM ${schema}.logs ORDER BY ${column} ${direction}, id ${id} LIMIT 50`);
      const text = plan.rows.map((row) => row['QUERY PLAN']).join('\n');
      expect(text).toMatch(/Index Scan/);
      expect(text).not.toMatch(/Sort/);
    } finally {
      await admin.query('ROLLBACK');
    }
  });

  it('migrates a version 1 logs table: adds team and customer, keeps its rows', async () => {
    const other = `${schema}_v1`;
    await admin.query(`CREATE SCHEMA ${other}`);
    try {
      // A version 1 table: today's, without the two columns version 2 added.
      const fresh = await openPostgresLogStore({ ...config(), options: `-c search_path=${other},public` });
      await fresh.query(everything);
      await fresh.close();
      await admin.query(`ALTER TABLE ${other}.logs DROP COLUMN team, DROP COLUMN customer`);
      await admin.query(`UPDATE ${other}.switchyard_meta SET value = '1' WHERE key = 'logs_schema_version'`);
      const v1Columns = logColumnNames.filter((column) => column !== 'team' && column !== 'customer');
      const old = entry({ virtualKey: 'vk-old' });
      const row = toRow(old).filter((_, i) => logColumns[i][0] !== 'team' && logColumns[i][0] !== 'customer');
      await admin.query(`INSERT INTO ${other}.logs (${v1Columns.join(', ')}) VALUES (${v1Columns.map((_, i) => `$${i + 1}`).join(', ')})`, row);
      const migrated = await openPostgresLogStore({ ...config(), options: `-c search_path=${other},public` });
      try {
        const added = entry({ virtualKey: 'vk-new', team: 'team-a', customer: 'acme' });
        await migrated.insert([added]);
        const logs = (await migrated.query(everything)).logs;
        expect(logs).toEqual([{ ...old, id: expect.any(Number) }, { ...added, id: expect.any(Number) }]);
        expect((await migrated.query({ ...everything, team: ['team-a'] })).logs.map((log) => log.requestId)).toEqual([added.requestId]);
      } finally {
        await migrated.close();
      }
      const meta = await admin.query(`SELECT value FROM ${other}.switchyard_meta WHERE key = 'logs_schema_version'`);
      expect(meta.rows).toEqual([{ value: String(postgresLogSchemaVersion) }]);
    } finally {
      await admin.query(`DROP SCHEMA ${other} CASCADE`);
    }
  });

  it('refuses a database that holds a newer schema version', async () => {
    const other = `${schema}_newer`;
    await admin.query(`CREATE SCHEMA ${other}`);
    try {
      await admin.query(`CREATE TABLE ${other}.switchyard_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`);
      await admin.query(`INSERT INTO ${other}.switchyard_meta VALUES ('logs_schema_version', '99')`);
      const newer = await openPostgresLogStore({ ...config(), options: `-c search_path=${other},public` });
      await expect(newer.query(everything)).rejects.toThrow(/schema version 99/);
      await newer.close();
    } finally {
      await admin.query(`DROP SCHEMA ${other} CASCADE`);
    }
  });

  describe('when the database goes away', () => {
    let proxy: TcpProxy;
    let proxied: PostgresLogStore;
    const idleErrors: Error[] = [];

    beforeAll(async () => {
      proxy = await startTcpProxy(server.host, server.port);
      await proxy.down();
      proxied = await openPostgresLogStore(config(proxy.port), { onError: (error) => idleErrors.push(error) });
    });
    afterAll(async () => {
      await proxied.close();
      await proxy.down();
    });

    it('opens while the database is down and creates the schema once it is up', async () => {
      await expect(proxied.query(everything)).rejects.toThrow(/postgres log store: query failed/);
      await proxy.up();
      await proxied.insert([entry()]);
      expect((await proxied.query(everything)).total).toBeGreaterThan(0);
    });

    it('rejects every call quickly while it is down and works again when it is back', async () => {
      await proxied.insert([entry(), entry()]); // leaves idle connections in the pool
      await proxy.down();
      const began = Date.now();
      const calls = [proxied.insert([entry()]), proxied.query(everything), proxied.stats({}), proxied.prune(0)];
      const results = await Promise.allSettled(calls);
      expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected']);
      expect(Date.now() - began).toBeLessThan(3000);

      await proxy.up();
      const before = (await proxied.query(everything)).total;
      await proxied.insert([entry()]);
      expect((await proxied.query(everything)).total).toBe(before + 1);
      expect((await proxied.stats({})).requests).toBe(before + 1);
    });

    it('rejects a call that hangs on an unanswering server within the timeouts', async () => {
      // A listener that accepts and never answers: the connect timeout bounds the call.
      await proxy.down();
      await new Promise((resolve) => setTimeout(resolve, 50)); // the pool drops its dead idle connections
      const accepted: net.Socket[] = [];
      const silent = net.createServer((socket) => accepted.push(socket.on('error', () => undefined)));
      await new Promise<void>((resolve) => silent.listen(proxy.port, '127.0.0.1', resolve));
      try {
        const began = Date.now();
        await expect(proxied.query(everything)).rejects.toThrow(/timeout/i);
        expect(Date.now() - began).toBeLessThan(2500);
      } finally {
        for (const socket of accepted) socket.destroy();
        await new Promise((resolve) => silent.close(resolve));
      }
      await proxy.up();
      await expect(proxied.query(everything)).resolves.toMatchObject({ offset: 0 });
    });

    it('survives idle connections dropped under it', async () => {
      await proxied.query(everything);
      await proxy.down();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(idleErrors.length).toBeGreaterThan(0);
      await proxy.up();
      await expect(proxied.stats({})).resolves.toMatchObject({ errors: expect.any(Number) });
    });
  });

  it('rejects calls after close, and closes twice', async () => {
    const closing = await openPostgresLogStore(config());
    await closing.query(everything);
    await closing.close();
    await closing.close();
    await expect(closing.insert([entry()])).rejects.toThrow(/after close/);
  });
});
