import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { logColumnNames, toRow } from '../log-columns.js';
import type { RequestLogEntry } from '../log-entry.js';
import type { LogQuery } from '../log-query.js';
import { percentile } from '../percentile.js';
import { SqliteLogDatabase, pruneChunkRows } from './sqlite-log-database.js';
import { sqliteSchemaVersion } from './sqlite-schema.js';
import { sampleLogEntry } from '../../../test/support/log-entry.js';

const base = Date.UTC(2025, 0, 1);

const entry = (overrides: Partial<RequestLogEntry> = {}): RequestLogEntry => sampleLogEntry({ timestamp: base, ...overrides });

/** Ten entries, one a minute, with known values (see each test for the numbers it relies on). */
const dataset: RequestLogEntry[] = [
  entry({ requestId: 'r0', timestamp: base + 0 * 60_000, provider: 'openai', model: 'gpt-4o', latencyMs: 100, totalTokens: 15, costUsd: 0.01, requestContent: 'Hello World', responseContent: 'Hi there' }),
  entry({ requestId: 'r1', timestamp: base + 1 * 60_000, provider: 'openai', model: 'gpt-4o', latencyMs: 200, totalTokens: 30, costUsd: 0.02, requestContent: 'price is 100% off', responseContent: 'ok' }),
  entry({ requestId: 'r2', timestamp: base + 2 * 60_000, provider: 'openai', model: 'gpt-4o-mini', latencyMs: 50, totalTokens: 5, costUsd: 0.001, requestContent: 'snake_case name', responseContent: 'done' }),
  entry({ requestId: 'r3', timestamp: base + 3 * 60_000, provider: 'anthropic', model: 'claude', latencyMs: 400, status: 529, errorCode: 'upstream_overloaded', errorMessage: 'overloaded', promptTokens: null, completionTokens: null, totalTokens: null, costUsd: null, requestContent: 'a\\b path', responseContent: null }),
  entry({ requestId: 'r4', timestamp: base + 4 * 60_000, provider: 'anthropic', model: 'claude', latencyMs: 300, totalTokens: 40, costUsd: 0.04, stream: true, ttftMs: 30, operation: 'chat-stream', requestContent: 'Straße café', responseContent: 'ÉCOLE' }),
  entry({ requestId: 'r5', timestamp: base + 5 * 60_000, provider: 'openai', model: 'gpt-4o', latencyMs: 150, totalTokens: 20, costUsd: 0.015, keyName: 'backup', cacheStatus: 'hit-exact', requestContent: null, responseContent: 'x%y' }),
  entry({ requestId: 'r6', timestamp: base + 6 * 60_000, provider: null, model: null, latencyMs: 5, status: 404, errorCode: 'model_not_found', route: 'unmatched', operation: null, promptTokens: null, completionTokens: null, totalTokens: null, costUsd: null }),
  entry({ requestId: 'r7', timestamp: base + 7 * 60_000, provider: 'openai', model: 'gpt-4o', latencyMs: 250, totalTokens: 25, costUsd: 0.025, virtualKey: 'vk-a', team: 'team-a', customer: 'acme', requestContent: 'ab', responseContent: 'AB' }),
  entry({ requestId: 'r8', timestamp: base + 8 * 60_000, provider: 'openai', model: 'gpt-4o-mini', latencyMs: 60, totalTokens: 8, costUsd: 0.002, status: 429, errorCode: 'rate_limited', attempts: 3, fallbackIndex: 1 }),
  entry({ requestId: 'r9', timestamp: base + 9 * 60_000, provider: 'anthropic', model: 'claude', latencyMs: 350, totalTokens: 35, costUsd: 0.035, requestContent: 'quote "this"', responseContent: 'fine' }),
];

/** The `logs` columns of schema version 2 (before `team` and `customer`), content excluded. */
const version2Columns = ['timestamp', 'request_id', 'method', 'route', 'operation', 'provider', 'model', 'key_name', 'virtual_key', 'status', 'error_code', 'error_message', 'latency_ms', 'ttft_ms', 'upstream_ms', 'prompt_tokens', 'completion_tokens', 'total_tokens', 'cost_usd', 'cache_status', 'attempts', 'fallback_index', 'stream'];

/** An entry's row as versions 1 and 2 held it: no `team` nor `customer` (version 2 without the last two, the content). */
function withoutTeamAndCustomer(old: RequestLogEntry): unknown[] {
  const row = toRow(old);
  const team = logColumnNames.indexOf('team');
  row.splice(team, 2);
  return row;
}

const page = (filter: Partial<LogQuery> = {}): LogQuery => ({ sort: 'timestamp', order: 'desc', limit: 50, offset: 0, ...filter });

let dir: string;
let path: string;
let db: SqliteLogDatabase;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'switchyard-sqlite-logs-'));
  path = join(dir, 'nested', 'logs.db');
  db = new SqliteLogDatabase(path);
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const ids = (query: LogQuery) => db.query(query).logs.map((log) => log.requestId);

describe('SqliteLogDatabase', () => {
  it('reads back every field of an inserted entry', () => {
    const full = entry({
      virtualKey: 'vk',
      team: 'team-a',
      customer: 'acme',
      errorCode: 'upstream_error',
      errorMessage: 'boom',
      ttftMs: 12.5,
      latencyMs: 123.25,
      upstreamMs: 100.5,
      cacheStatus: 'miss',
      attempts: 2,
      fallbackIndex: 1,
      stream: true,
      costUsd: 0.000123,
      requestContent: '{"messages":[]}',
      responseContent: 'hello',
    });
    const nulls = entry({ requestId: 'req-1', timestamp: base + 1, operation: null, provider: null, model: null, keyName: null, promptTokens: null, completionTokens: null, totalTokens: null, costUsd: null });
    db.insertRows([toRow(full), toRow(nulls)]);
    const logs = db.query(page({ order: 'asc' })).logs;
    expect(logs).toEqual([
      { id: 1, ...full },
      { id: 2, ...nulls },
    ]);
  });

  it('creates the schema once and records its version', () => {
    db.close();
    db = new SqliteLogDatabase(path);
    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('user_version', { simple: true })).toBe(sqliteSchemaVersion);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  });

  it('keeps content in log_contents, and only append-like indexes on logs', () => {
    db.insertRows([toRow(entry({ requestContent: 'question' })), toRow(entry({ requestId: 'req-1' }))]);
    const raw = new Database(path, { readonly: true });
    const columns = (table: string) => (raw.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table) as string[]);
    expect(columns('logs')).not.toContain('request_content');
    expect(columns('log_contents')).toEqual(['id', 'request_content', 'response_content']);
    const indexes = raw.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'logs' AND sql IS NOT NULL ORDER BY name`).pluck().all();
    expect(indexes).toEqual(['logs_errors', 'logs_model_timestamp', 'logs_provider_timestamp', 'logs_request_id', 'logs_timestamp']);
    expect(raw.prepare('SELECT id, request_content FROM log_contents').all()).toEqual([{ id: 1, request_content: 'question' }]);
    expect(raw.prepare(`SELECT name FROM sqlite_master WHERE name LIKE 'log_contents_search%'`).all()).toEqual([]);
    raw.close();
  });

  it('creates the content-search index on open when asked, over the content already stored, and drops it when not', () => {
    db.insertRows([toRow(entry({ requestContent: 'stored before the index' }))]);
    db.close();
    db = new SqliteLogDatabase(path, { contentSearchIndex: true });
    const objects = () => {
      const raw = new Database(path, { readonly: true });
      const names = raw.prepare(`SELECT name FROM sqlite_master WHERE name LIKE 'log_contents_search%' AND type IN ('table', 'trigger') ORDER BY name`).pluck().all();
      raw.close();
      return names;
    };
    expect(objects()).toEqual(['log_contents_search', 'log_contents_search_config', 'log_contents_search_data', 'log_contents_search_delete', 'log_contents_search_docsize', 'log_contents_search_idx', 'log_contents_search_insert', 'log_contents_search_update']);
    expect(db.query(page({ search: 'BEFORE THE' })).total).toBe(1);
    db.close();
    db = new SqliteLogDatabase(path);
    expect(objects()).toEqual([]);
    db.insertRows([toRow(entry({ requestId: 'req-1', requestContent: 'after the index' }))]);
    expect(db.query(page({ search: 'the index' })).total).toBe(2);
  });

  it('migrates a version 1 database: content moves to log_contents, the search index goes', () => {
    db.close();
    path = join(dir, 'v1.db');
    const raw = new Database(path);
    raw.exec(`CREATE TABLE logs (id INTEGER PRIMARY KEY AUTOINCREMENT, ${version2Columns.join(', ')}, request_content, response_content);
      CREATE INDEX logs_latency ON logs (latency_ms);
      CREATE VIRTUAL TABLE logs_content_search USING fts5(request_content, response_content, content = 'logs', content_rowid = 'id', tokenize = 'trigram', detail = 'none');
      CREATE TRIGGER logs_content_search_insert AFTER INSERT ON logs BEGIN
        INSERT INTO logs_content_search (rowid, request_content, response_content) VALUES (new.id, new.request_content, new.response_content);
      END;`);
    const v1 = [entry({ requestContent: 'old question', responseContent: 'old answer' }), entry({ requestId: 'req-1', timestamp: base + 1 })];
    const insert = raw.prepare(`INSERT INTO logs VALUES (NULL, ${[...version2Columns, 'request_content', 'response_content'].map(() => '?').join(', ')})`);
    for (const old of v1) insert.run(withoutTeamAndCustomer(old));
    raw.pragma('user_version = 1');
    raw.close();
    db = new SqliteLogDatabase(path);
    expect(db.query(page({ order: 'asc' })).logs).toEqual([
      { id: 1, ...v1[0] },
      { id: 2, ...v1[1] },
    ]);
    expect(ids(page({ search: 'OLD ANSWER' }))).toEqual(['req-0']);
    const check = new Database(path, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(sqliteSchemaVersion);
    expect(check.prepare(`SELECT name FROM sqlite_master WHERE name LIKE 'logs_content_search%' OR name = 'logs_latency'`).all()).toEqual([]);
    check.close();
  });

  it('migrates a version 2 database: logs gains team and customer (NULL in the rows it kept)', () => {
    db.close();
    path = join(dir, 'v2.db');
    const raw = new Database(path);
    raw.exec(`CREATE TABLE logs (id INTEGER PRIMARY KEY AUTOINCREMENT, ${version2Columns.join(', ')});
      CREATE TABLE log_contents (id INTEGER PRIMARY KEY, request_content TEXT, response_content TEXT);
      CREATE INDEX logs_timestamp ON logs (timestamp);`);
    const v2 = [entry({ virtualKey: 'vk-old', requestContent: 'old question', responseContent: 'old answer' }), entry({ requestId: 'req-1', timestamp: base + 1 })];
    const insert = raw.prepare(`INSERT INTO logs VALUES (NULL, ${version2Columns.map(() => '?').join(', ')})`);
    const insertContent = raw.prepare('INSERT INTO log_contents VALUES (?, ?, ?)');
    v2.forEach((old, i) => {
      insert.run(withoutTeamAndCustomer(old).slice(0, -2));
      if (old.requestContent !== null) insertContent.run(i + 1, old.requestContent, old.responseContent);
    });
    raw.pragma('user_version = 2');
    raw.close();
    db = new SqliteLogDatabase(path);
    expect(db.query(page({ order: 'asc' })).logs).toEqual([
      { id: 1, ...v2[0], team: null, customer: null },
      { id: 2, ...v2[1], team: null, customer: null },
    ]);
    const added = entry({ requestId: 'req-2', timestamp: base + 2, virtualKey: 'vk-new', team: 'team-a', customer: 'acme' });
    db.insertRows([toRow(added)]);
    expect(db.query(page({ team: ['team-a'] })).logs).toEqual([{ id: 3, ...added }]);
    expect(ids(page({ customer: ['acme'] }))).toEqual(['req-2']);
    const check = new Database(path, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(sqliteSchemaVersion);
    expect(check.prepare(`SELECT name FROM pragma_table_info('logs')`).pluck().all()).toEqual(expect.arrayContaining(['team', 'customer']));
    expect(check.prepare(`SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'logs' AND (sql LIKE '%team%' OR sql LIKE '%customer%')`).all()).toEqual([]);
    check.close();
  });

  it('refuses a database written by a newer schema version', () => {
    db.close();
    const path = join(dir, 'newer.db');
    const raw = new Database(path);
    raw.pragma(`user_version = ${sqliteSchemaVersion + 1}`);
    raw.close();
    expect(() => new SqliteLogDatabase(path)).toThrow(/schema version/);
    db = new SqliteLogDatabase(join(dir, 'other.db'));
  });

  it('inserts a batch in one transaction: all of it or none', () => {
    const bad = toRow(entry());
    bad[0] = null; // timestamp is NOT NULL
    expect(() => db.insertRows([toRow(entry()), bad])).toThrow();
    expect(db.query(page()).total).toBe(0);
  });

  describe.each([
    ['without', false],
    ['with', true],
  ] as const)('with a known data set, %s the content-search index', (_name, contentSearchIndex) => {
    beforeEach(() => {
      if (contentSearchIndex) {
        db.close();
        db = new SqliteLogDatabase(path, { contentSearchIndex });
      }
      db.insertRows(dataset.map(toRow));
    });

    it('pages newest first with the total of the filter', () => {
      expect(ids(page({ limit: 3 }))).toEqual(['r9', 'r8', 'r7']);
      const second = db.query(page({ limit: 3, offset: 3 }));
      expect(second.logs.map((log) => log.requestId)).toEqual(['r6', 'r5', 'r4']);
      expect(second).toMatchObject({ total: 10, limit: 3, offset: 3 });
      expect(db.query(page({ limit: 3, offset: 9 })).logs).toHaveLength(1);
      expect(db.query(page({ offset: 20 }))).toMatchObject({ logs: [], total: 10 });
    });

    it.each([
      ['time range', { from: base + 2 * 60_000, to: base + 4 * 60_000 }, ['r4', 'r3', 'r2']],
      ['provider', { provider: ['anthropic'] }, ['r9', 'r4', 'r3']],
      ['providers', { provider: ['anthropic', 'nobody'] }, ['r9', 'r4', 'r3']],
      ['model', { model: ['gpt-4o-mini'] }, ['r8', 'r2']],
      ['key name', { keyName: ['backup'] }, ['r5']],
      ['virtual key', { virtualKey: ['vk-a'] }, ['r7']],
      ['team', { team: ['team-a', 'nobody'] }, ['r7']],
      ['customer', { customer: ['acme'] }, ['r7']],
      ['operation', { operation: ['chat-stream'] }, ['r4']],
      ['route', { route: ['unmatched'] }, ['r6']],
      ['status', { status: [404, 429] }, ['r8', 'r6']],
      ['error outcome', { outcome: 'error' }, ['r8', 'r6', 'r3']],
      ['success outcome', { outcome: 'success' }, ['r9', 'r7', 'r5', 'r4', 'r2', 'r1', 'r0']],
      ['error code', { errorCode: ['rate_limited'] }, ['r8']],
      ['cache status', { cacheStatus: ['hit-exact'] }, ['r5']],
      ['request id', { requestId: 'r2' }, ['r2']],
      ['latency range', { minLatencyMs: 200, maxLatencyMs: 300 }, ['r7', 'r4', 'r1']],
      ['token range', { minTokens: 20, maxTokens: 30 }, ['r7', 'r5', 'r1']],
      ['cost range', { minCostUsd: 0.02, maxCostUsd: 0.035 }, ['r9', 'r7', 'r1']],
      ['several filters', { provider: ['openai'], model: ['gpt-4o'], from: base + 60_000 }, ['r7', 'r5', 'r1']],
    ] as const)('filters by %s', (_name, filter, expected) => {
      const result = db.query(page(filter as Partial<LogQuery>));
      expect(result.logs.map((log) => log.requestId)).toEqual(expected);
      expect(result.total).toBe(expected.length);
    });

    it.each([
      ['latency', 'desc', ['r3', 'r9', 'r4', 'r7', 'r1', 'r5', 'r0', 'r8', 'r2', 'r6']],
      ['latency', 'asc', ['r6', 'r2', 'r8', 'r0', 'r5', 'r1', 'r7', 'r4', 'r9', 'r3']],
      ['timestamp', 'asc', ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9']],
      ['tokens', 'desc', ['r4', 'r9', 'r1', 'r7', 'r5', 'r0', 'r8', 'r2', 'r6', 'r3']],
      ['cost', 'asc', ['r3', 'r6', 'r2', 'r8', 'r0', 'r5', 'r1', 'r7', 'r9', 'r4']],
    ] as const)('sorts by %s %s', (sort, order, expected) => {
      expect(ids(page({ sort, order }))).toEqual(expected);
    });

    it('breaks sort ties by id in the sort direction', () => {
      db.insertRows([toRow(entry({ requestId: 't1', latencyMs: 999 })), toRow(entry({ requestId: 't2', latencyMs: 999 }))]);
      expect(ids(page({ sort: 'latency', order: 'desc', limit: 2 }))).toEqual(['t2', 't1']);
      expect(ids(page({ sort: 'latency', order: 'asc', offset: 10 }))).toEqual(['t1', 't2']);
    });

    it.each([
      ['a word, any case', 'hello', ['r0']],
      ['in the response', 'THERE', ['r0']],
      ['accented text, any case', 'STRAßE CAFÉ', ['r4']],
      ['non-ASCII case folding', 'école', ['r4']],
      ['a percent sign', '100%', ['r1']],
      ['a lone percent sign', '%', ['r5', 'r1']],
      ['an underscore', 'e_c', ['r2']],
      ['a lone underscore', '_', ['r2']],
      ['a backslash', 'a\\b', ['r3']],
      ['a lone backslash', '\\', ['r3']],
      ['double quotes', '"this"', ['r9']],
      ['two characters', 'Ab', ['r7']],
      ['one character', 'é', ['r4']],
      ['spaces inside', 'is 100', ['r1']],
      ['text that is nowhere', 'zzz', []],
    ] as const)('searches content: %s', (_name, search, expected) => {
      const result = db.query(page({ search }));
      expect(result.logs.map((log) => log.requestId)).toEqual(expected);
      expect(result.total).toBe(expected.length);
    });

    it('combines a search with other filters', () => {
      expect(ids(page({ search: 'e', provider: ['openai'] }))).toEqual(['r2', 'r1', 'r0']);
      expect(ids(page({ search: 'école', from: base + 4 * 60_000, to: base + 4 * 60_000 }))).toEqual(['r4']);
      expect(ids(page({ search: 'école', from: base + 5 * 60_000 }))).toEqual([]);
      expect(ids(page({ search: '100%', to: base + 60_000 }))).toEqual(['r1']);
      expect(ids(page({ search: '100%', to: base }))).toEqual([]);
      expect(db.stats({ search: 'hello', from: base, to: base + 60_000 })).toMatchObject({ requests: 1, latencyMs: { p50: 100 } });
    });

    it('computes stats over everything and per provider and model', () => {
      const stats = db.stats({});
      expect(stats).toMatchObject({
        requests: 10,
        errors: 3,
        errorRate: 0.3,
        latencyMs: { p50: 150, p90: 350, p99: 400 },
        promptTokens: 80,
        completionTokens: 40,
        totalTokens: 178,
      });
      expect(stats.latencyMs.avg).toBeCloseTo(186.5, 10);
      expect(stats.costUsd).toBeCloseTo(0.148, 10);
      expect(stats.groups.map((group) => [group.provider, group.model, group.requests])).toEqual([
        ['openai', 'gpt-4o', 4],
        ['anthropic', 'claude', 3],
        ['openai', 'gpt-4o-mini', 2],
        [null, null, 1],
      ]);
      const claude = stats.groups[1];
      expect(claude).toMatchObject({ errors: 1, latencyMs: { avg: 350, p50: 350, p90: 400, p99: 400 }, totalTokens: 75, promptTokens: 20 });
      expect(claude.errorRate).toBeCloseTo(1 / 3, 10);
      expect(claude.costUsd).toBeCloseTo(0.075, 10);
      expect(stats.groups[3]).toMatchObject({ errors: 1, errorRate: 1, latencyMs: { avg: 5, p50: 5, p90: 5, p99: 5 }, totalTokens: 0, costUsd: 0 });
    });

    it('computes stats over a filter', () => {
      const stats = db.stats({ provider: ['openai'], from: base + 60_000 });
      expect(stats).toMatchObject({ requests: 5, errors: 1, errorRate: 0.2, latencyMs: { avg: 142, p50: 150, p90: 250, p99: 250 }, totalTokens: 88 });
      expect(stats.groups.map((group) => group.model)).toEqual(['gpt-4o', 'gpt-4o-mini']);
    });

    it('answers empty stats when nothing matches', () => {
      expect(db.stats({ provider: ['nobody'] })).toEqual({
        requests: 0,
        errors: 0,
        errorRate: 0,
        latencyMs: { avg: null, p50: null, p90: null, p99: null },
        promptTokens: 0,
        completionTokens: 0,
        totalTokens: 0,
        costUsd: 0,
        groups: [],
      });
    });

    it('prunes entries older than a time and keeps the search index in step', () => {
      expect(db.prune(base + 3 * 60_000)).toBe(3);
      expect(db.query(page()).total).toBe(7);
      expect(db.query(page({ search: 'hello' })).total).toBe(0);
      expect(db.query(page({ search: 'path' })).total).toBe(1);
      expect(db.prune(base)).toBe(0);
      const raw = new Database(path, { readonly: true });
      expect(raw.prepare('SELECT min(id) FROM log_contents').pluck().get()).toBe(4);
      raw.close();
    });
  });

  it('ranks percentiles by nearest rank on larger sets, ties and all', () => {
    let seed = 7;
    const next = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const latencies = Array.from({ length: 2501 }, (_, i) => (i % 7 === 0 ? 250 : Math.round(next() * 1000) / 4));
    db.insertRows(latencies.map((latencyMs, i) => toRow(entry({ requestId: `l${i}`, latencyMs, model: i % 3 === 0 ? 'a' : 'b' }))));
    const sorted = (values: number[]) => [...values].sort((x, y) => x - y);
    const expected = (values: number[]) => ({ p50: percentile(sorted(values), 0.5), p90: percentile(sorted(values), 0.9), p99: percentile(sorted(values), 0.99) });
    const stats = db.stats({});
    expect(stats.latencyMs).toMatchObject(expected(latencies));
    expect(stats.groups.find((group) => group.model === 'a')!.latencyMs).toMatchObject(expected(latencies.filter((_, i) => i % 3 === 0)));
    expect(stats.groups.find((group) => group.model === 'b')!.latencyMs).toMatchObject(expected(latencies.filter((_, i) => i % 3 !== 0)));
  });

  it('prunes in chunks, every chunk its own transaction', () => {
    const rows = Array.from({ length: pruneChunkRows * 2 + 10 }, (_, i) => toRow(entry({ requestId: `p${i}`, timestamp: base + i, requestContent: `content ${i}` })));
    db.insertRows(rows);
    expect(db.pruneChunk(base + rows.length)).toBe(pruneChunkRows);
    expect(db.prune(base + rows.length - 5)).toBe(pruneChunkRows + 5);
    expect(db.query(page({ order: 'asc' })).logs.map((log) => log.requestId)).toEqual(['p10005', 'p10006', 'p10007', 'p10008', 'p10009']);
    expect(db.query(page({ search: 'content 1' })).total).toBe(5);
  });
});
