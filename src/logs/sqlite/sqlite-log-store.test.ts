import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RequestLogEntry } from '../log-entry.js';
import type { LogQuery } from '../log-query.js';
import { openSqliteLogStore, type SqliteLogStore } from './sqlite-log-store.js';

function entry(requestId: string, timestamp: number): RequestLogEntry {
  return {
    timestamp,
    requestId,
    method: 'POST',
    route: '/v1/chat/completions',
    operation: 'chat-stream',
    provider: 'openai',
    model: 'gpt-4o',
    keyName: 'main',
    virtualKey: 'vk-1',
    team: 'team-1',
    customer: 'customer-1',
    status: 200,
    errorCode: null,
    errorMessage: null,
    latencyMs: 120.5,
    ttftMs: 20.25,
    upstreamMs: 110,
    promptTokens: 10,
    completionTokens: 5,
    totalTokens: 15,
    costUsd: 0.0015,
    cacheStatus: 'miss',
    attempts: 1,
    fallbackIndex: 0,
    stream: true,
    requestContent: `{"content":"question ${requestId}"}`,
    responseContent: `answer ${requestId}`,
  };
}

const newest: LogQuery = { sort: 'timestamp', order: 'desc', limit: 50, offset: 0 };

/** The store's current worker thread (private), to kill it as a crash would. */
const workerOf = (store: SqliteLogStore): Worker | undefined => (store as unknown as { worker: Worker | undefined }).worker;

let dir: string;
let path: string;
let store: SqliteLogStore;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'switchyard-sqlite-store-'));
  path = join(dir, 'data', 'logs.db');
  store = await openSqliteLogStore({ path });
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('SqliteLogStore', () => {
  it('creates the file and schema on open and round-trips entries through its worker', async () => {
    expect(store.kind).toBe('sqlite');
    const entries = [entry('a', 1000), entry('b', 2000)];
    await store.insert(entries);
    const page = await store.query(newest);
    expect(page).toEqual({ logs: [{ id: 2, ...entries[1] }, { id: 1, ...entries[0] }], total: 2, limit: 50, offset: 0 });
    expect((await store.query({ ...newest, search: 'question b' })).logs.map((log) => log.requestId)).toEqual(['b']);
    expect(await store.stats({})).toMatchObject({ requests: 2, latencyMs: { p50: 120.5 }, groups: [{ provider: 'openai', model: 'gpt-4o', requests: 2 }] });
    expect(await store.prune(1500)).toBe(1);
    expect((await store.query(newest)).total).toBe(1);
  });

  it('rejects inserts while another connection holds the write lock, and writes again once it is released', async () => {
    const other = new Database(path);
    other.pragma('busy_timeout = 0');
    other.exec('BEGIN EXCLUSIVE');
    const started = Date.now();
    await expect(store.insert([entry('blocked', 1000)])).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
    expect(Date.now() - started).toBeLessThan(2000);
    // Readers still see the last committed state (WAL).
    expect((await store.query(newest)).total).toBe(0);
    other.exec('COMMIT');
    other.close();
    await store.insert([entry('after', 2000)]);
    expect((await store.query(newest)).logs.map((log) => log.requestId)).toEqual(['after']);
  });

  it('rejects the calls a dead worker held and starts a new worker on the next call', async () => {
    await store.insert([entry('before', 1000)]);
    const worker = workerOf(store);
    expect(worker).toBeDefined();
    const pending = store.insert(Array.from({ length: 2000 }, (_, i) => entry(`lost-${i}`, 2000 + i)));
    await worker!.terminate();
    await expect(pending).rejects.toThrow(/worker stopped/);
    const page = await store.query({ ...newest, limit: 1 });
    expect(workerOf(store)).not.toBe(worker);
    expect(page.logs[0].requestId === 'before' || page.logs[0].requestId.startsWith('lost-')).toBe(true);
    await store.insert([entry('after', 9000)]);
    expect((await store.query({ ...newest, limit: 1 })).logs[0].requestId).toBe('after');
  });

  it('does not block the event loop while it writes and reads', async () => {
    const batch = Array.from({ length: 5000 }, (_, i) => entry(`r${i}`, i));
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    await Promise.all([store.insert(batch), store.insert(batch), store.stats({}), store.query({ ...newest, search: 'answer r4' })]);
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(0);
    expect((await store.query(newest)).total).toBe(10_000);
  });

  it('rejects calls after close, and closes twice without error', async () => {
    await store.insert([entry('a', 1)]);
    await store.close();
    await store.close();
    await expect(store.query(newest)).rejects.toThrow(/closed/);
    await expect(store.insert([entry('b', 2)])).rejects.toThrow(/closed/);
    const reopened = await openSqliteLogStore({ path });
    expect((await reopened.query(newest)).total).toBe(1);
    await reopened.close();
  });

  it('passes contentSearchIndex to its worker: the index is made on open and dropped when no longer asked', async () => {
    await store.insert([entry('a', 1000)]);
    await store.close();
    const searchTables = () => {
      const raw = new Database(path, { readonly: true });
      const count = raw.prepare(`SELECT count(*) FROM sqlite_master WHERE name = 'log_contents_search'`).pluck().get();
      raw.close();
      return count;
    };
    store = await openSqliteLogStore({ path, contentSearchIndex: true });
    expect(searchTables()).toBe(1);
    expect((await store.query({ ...newest, search: 'question a' })).total).toBe(1);
    await store.close();
    store = await openSqliteLogStore({ path });
    expect(searchTables()).toBe(0);
    expect((await store.query({ ...newest, search: 'question a' })).total).toBe(1);
  });

  it('fails to open when the path cannot be a database', async () => {
    await expect(openSqliteLogStore({ path: dir })).rejects.toThrow();
  });
});
