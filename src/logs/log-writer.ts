import type { Logger } from '../logging/logger.js';
import type { RequestLogEntry } from './log-entry.js';
import type { LogStore } from './log-store.js';

/** Options of `LogWriter`. */
export interface LogWriterOptions {
  store: LogStore;
  logger: Logger;
  /** Entries that may wait to be written; more are dropped (and counted). 10,000 by default. */
  queueSize?: number;
  /** Characters of content (request and response bodies) the queue may hold; an entry that would pass it is dropped. 50 million by default. */
  maxQueuedChars?: number;
  /** Entries per insert. 500 by default. */
  batchSize?: number;
  /** Longest an entry waits before its batch is written, in milliseconds. 250 by default. */
  flushIntervalMs?: number;
  /** Entries older than this many days are deleted, hourly; 0 keeps them forever. */
  retentionDays?: number;
  /** The longest wait between two tries while the database is failing, in milliseconds. 5,000 by default. */
  maxBackoffMs?: number;
  now?: () => number;
}

/** What the writer has done since it started, for `/metrics`. */
export interface LogWriterCounts {
  written: number;
  dropped: number;
  /** Inserts that failed (each is tried again). */
  failures: number;
  queued: number;
}

const hourMs = 3_600_000;
const dayMs = 86_400_000;

/**
 * Writes request logs in the background: `write` only appends to a bounded
 * queue, so a request never waits on the database. A timer (or a full batch)
 * starts an insert; one insert runs at a time. When the database fails, the
 * batch stays queued and is tried again with a growing delay; while it is down,
 * entries beyond the queue's size are dropped, counted and reported once per
 * outage. Nothing is lost while the queue has room.
 */
export class LogWriter {
  readonly store: LogStore;
  readonly #logger: Logger;
  readonly #queueSize: number;
  readonly #maxQueuedChars: number;
  /** Content characters held by the queue. */
  #queuedChars = 0;
  readonly #batchSize: number;
  readonly #maxBackoffMs: number;
  readonly #now: () => number;
  #queue: RequestLogEntry[] = [];
  #writing: Promise<void> | undefined;
  #failing = 0;
  #retryAt = 0;
  /** Drops since the current outage began, for the recovery message. */
  #droppedInOutage = 0;
  #closed = false;
  readonly #flushTimer: NodeJS.Timeout;
  readonly #pruneTimer: NodeJS.Timeout | undefined;
  readonly counts: LogWriterCounts = { written: 0, dropped: 0, failures: 0, queued: 0 };

  constructor(options: LogWriterOptions) {
    this.store = options.store;
    this.#logger = options.logger;
    this.#queueSize = options.queueSize ?? 10_000;
    this.#maxQueuedChars = options.maxQueuedChars ?? 50_000_000;
    this.#batchSize = options.batchSize ?? 500;
    this.#maxBackoffMs = options.maxBackoffMs ?? 5_000;
    this.#now = options.now ?? Date.now;
    this.#flushTimer = setInterval(() => this.#flush(), options.flushIntervalMs ?? 250).unref();
    const retentionDays = options.retentionDays ?? 0;
    if (retentionDays > 0) {
      const prune = () => this.prune(this.#now() - retentionDays * dayMs);
      this.#pruneTimer = setInterval(prune, hourMs).unref();
      setTimeout(prune, 1_000).unref();
    }
  }

  /** Queues an entry; returns at once. Dropped (and counted) when the queue is full or the writer closed. */
  write(entry: RequestLogEntry): void {
    const queue = this.#queue;
    const chars = contentChars(entry);
    if (queue.length >= this.#queueSize || this.#queuedChars + chars > this.#maxQueuedChars || this.#closed) {
      this.#drop();
      return;
    }
    this.#queuedChars += chars;
    queue.push(entry);
    this.counts.queued = queue.length;
    if (queue.length === this.#batchSize && this.#writing === undefined && this.#failing === 0) setImmediate(() => this.#flush());
  }

  /** Writes everything queued now (tests, and shutdown); resolves when done or when the database fails. */
  async flush(): Promise<void> {
    while (this.#writing !== undefined) await this.#writing;
    while (this.#queue.length > 0) {
      this.#retryAt = 0;
      const ok = await this.#insertBatch();
      if (!ok) return;
    }
  }

  /** Deletes entries older than `beforeMs`; failures are logged, not thrown. */
  async prune(beforeMs: number): Promise<number> {
    try {
      const deleted = await this.store.prune(beforeMs);
      if (deleted > 0) this.#logger.info({ deleted, before: new Date(beforeMs).toISOString() }, 'request logs pruned');
      return deleted;
    } catch (error) {
      this.#logger.warn({ err: error }, 'could not prune request logs');
      return 0;
    }
  }

  /** Writes what is queued (for up to `timeoutMs`), then closes the store. */
  async close(timeoutMs = 5_000): Promise<void> {
    clearInterval(this.#flushTimer);
    if (this.#pruneTimer) clearInterval(this.#pruneTimer);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([this.flush(), timeout]);
    clearTimeout(timer);
    this.#closed = true;
    if (this.#queue.length > 0) this.#logger.warn({ lost: this.#queue.length }, 'request logs not written at shutdown: the database did not take them in time');
    await this.store.close();
  }

  #flush(): void {
    if (this.#writing !== undefined || this.#queue.length === 0) return;
    if (this.#failing > 0 && this.#now() < this.#retryAt) return;
    void this.#insertBatch();
  }

  /** Inserts the oldest batch; on failure keeps it queued and waits before the next try. Resolves to whether it was written. */
  #insertBatch(): Promise<boolean> {
    const batch = this.#queue.slice(0, this.#batchSize);
    const done = this.store.insert(batch).then(
      () => {
        this.#queue.splice(0, batch.length);
        for (const written of batch) this.#queuedChars -= contentChars(written);
        this.counts.queued = this.#queue.length;
        this.counts.written += batch.length;
        if (this.#failing > 0) this.#logger.info({ dropped: this.#droppedInOutage, queued: this.#queue.length }, 'request log database is back; writing resumed');
        this.#failing = 0;
        // Drops are reported again (once) only after the queue has drained to half.
        if (this.#droppedInOutage > 0 && this.#queue.length <= this.#queueSize / 2) this.#droppedInOutage = 0;
        // A backlog (after an outage, or a burst) is written batch after batch, not one per tick.
        if (this.#queue.length >= this.#batchSize) setImmediate(() => this.#flush());
        return true;
      },
      (error: unknown) => {
        this.counts.failures++;
        if (this.#failing === 0) this.#logger.warn({ err: error, queued: this.#queue.length }, 'request log database unavailable; entries stay queued and are written when it is back');
        this.#failing++;
        this.#retryAt = this.#now() + Math.min(this.#maxBackoffMs, 100 * 2 ** Math.min(this.#failing, 16));
        return false;
      },
    );
    this.#writing = done.then(() => undefined);
    return done.finally(() => (this.#writing = undefined));
  }

  #drop(): void {
    this.counts.dropped++;
    if (this.#droppedInOutage++ === 0) this.#logger.warn({ queueSize: this.#queueSize }, 'request log queue full: new entries are dropped until the database catches up (switchyard_logs_dropped_total)');
  }
}

/** The content characters an entry holds (its bodies; the other fields are small). */
function contentChars(entry: RequestLogEntry): number {
  return (entry.requestContent?.length ?? 0) + (entry.responseContent?.length ?? 0);
}
