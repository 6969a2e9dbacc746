import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import type { RequestLogEntry } from './log-entry.js';
import type { LogStore } from './log-store.js';
import { LogWriter } from './log-writer.js';

const silent = pino({ level: 'silent' });

function entry(n: number): RequestLogEntry {
  return {
    timestamp: 1_700_000_000_000 + n, requestId: `r${n}`, method: 'POST', route: '/v1/chat/completions', operation: 'chat', provider: 'openai', model: 'gpt-4o',
    keyName: 'k1', virtualKey: null, team: null, customer: null, status: 200, errorCode: null, errorMessage: null, latencyMs: 10, ttftMs: null, upstreamMs: 9,
    promptTokens: 1, completionTokens: 2, totalTokens: 3, costUsd: null, cacheStatus: null, attempts: 1, fallbackIndex: 0, stream: false,
    requestContent: null, responseContent: null,
  };
}

/** A store that keeps rows in memory and fails while `down` is set. */
class FakeStore implements LogStore {
  readonly kind = 'sqlite' as const;
  readonly rows: RequestLogEntry[] = [];
  down = false;
  inserts = 0;
  pruned: number[] = [];
  closed = false;
  async insert(entries: readonly RequestLogEntry[]) {
    this.inserts++;
    if (this.down) throw new Error('database is down');
    this.rows.push(...entries);
  }
  async query(): Promise<never> {
    throw new Error('unused');
  }
  async stats(): Promise<never> {
    throw new Error('unused');
  }
  async prune(beforeMs: number) {
    this.pruned.push(beforeMs);
    return 0;
  }
  async close() {
    this.closed = true;
  }
}

describe('LogWriter', () => {
  it('writes entries in batches, in order, without the caller waiting', async () => {
    const store = new FakeStore();
    const writer = new LogWriter({ store, logger: silent, batchSize: 10, flushIntervalMs: 60_000 });
    for (let i = 0; i < 25; i++) writer.write(entry(i));
    expect(store.rows).toHaveLength(0); // nothing written synchronously
    await writer.flush();
    expect(store.rows.map((row) => row.requestId)).toEqual(Array.from({ length: 25 }, (_, i) => `r${i}`));
    expect(store.inserts).toBe(3);
    expect(writer.counts).toMatchObject({ written: 25, dropped: 0, failures: 0, queued: 0 });
    await writer.close();
    expect(store.closed).toBe(true);
  });

  it('writes on its timer', async () => {
    const store = new FakeStore();
    const writer = new LogWriter({ store, logger: silent, flushIntervalMs: 10 });
    writer.write(entry(1));
    await expect.poll(() => store.rows.length, { timeout: 2_000 }).toBe(1);
    await writer.close();
  });

  it('keeps entries while the database is down, drops and counts the overflow, and writes the rest when it is back', async () => {
    const store = new FakeStore();
    store.down = true;
    const writer = new LogWriter({ store, logger: silent, queueSize: 100, batchSize: 50, flushIntervalMs: 60_000, maxBackoffMs: 1 });
    for (let i = 0; i < 1_000; i++) writer.write(entry(i));
    await writer.flush(); // fails: stays queued
    expect(writer.counts).toMatchObject({ written: 0, dropped: 900, queued: 100 });
    expect(writer.counts.failures).toBeGreaterThan(0);
    store.down = false;
    await writer.flush();
    expect(writer.counts).toMatchObject({ written: 100, dropped: 900, queued: 0 });
    // The first 100 were kept, in order; the later ones were the dropped ones.
    expect(store.rows.map((row) => row.requestId)).toEqual(Array.from({ length: 100 }, (_, i) => `r${i}`));
    writer.write(entry(5_000));
    await writer.flush();
    expect(store.rows.at(-1)?.requestId).toBe('r5000');
    await writer.close();
  });

  it('backs off while the database fails, then resumes on its timer', async () => {
    const store = new FakeStore();
    store.down = true;
    let now = 0;
    const writer = new LogWriter({ store, logger: silent, flushIntervalMs: 10, maxBackoffMs: 1_000, now: () => now });
    writer.write(entry(1));
    await expect.poll(() => store.inserts, { timeout: 2_000 }).toBe(1);
    // The clock stands still: inside the backoff window nothing is tried again.
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(store.inserts).toBe(1);
    store.down = false;
    now = 10_000;
    await expect.poll(() => store.rows.length, { timeout: 2_000 }).toBe(1);
    await writer.close();
  });

  it('prunes entries older than the retention period', async () => {
    const store = new FakeStore();
    const now = 100 * 86_400_000;
    const writer = new LogWriter({ store, logger: silent, retentionDays: 7, now: () => now });
    await writer.prune(now - 7 * 86_400_000);
    expect(store.pruned).toEqual([93 * 86_400_000]);
    await writer.close();
  });

  it('bounds the content the queue holds, not only the entries', async () => {
    const store = new FakeStore();
    store.down = true;
    const writer = new LogWriter({ store, logger: silent, maxQueuedChars: 1_000, flushIntervalMs: 60_000 });
    const big = (n: number) => ({ ...entry(n), requestContent: 'x'.repeat(300) });
    for (let i = 0; i < 5; i++) writer.write(big(i));
    expect(writer.counts).toMatchObject({ queued: 3, dropped: 2 });
    store.down = false;
    await writer.flush();
    writer.write(big(9)); // room again once written
    expect(writer.counts).toMatchObject({ queued: 1, dropped: 2, written: 3 });
    await writer.close();
  });

  it('drops (and counts) what is written after close', async () => {
    const store = new FakeStore();
    const writer = new LogWriter({ store, logger: silent });
    await writer.close();
    writer.write(entry(1));
    expect(writer.counts.dropped).toBe(1);
  });
});
