import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

/** One entry as the file keeps it: the response as JSON text, the embedding as float32 bytes. */
export interface CacheRow {
  id: string;
  key: string;
  partition: string;
  cacheKey: string | null;
  requestId: string;
  provider: string;
  model: string;
  responseJson: string;
  embedding: Float32Array | null;
  createdAt: number;
  expiresAt: number;
}

/** A change to apply to the file, in order with the others of its batch. */
export type CacheFileChange =
  | { type: 'put'; row: CacheRow }
  | { type: 'delete'; id: string }
  | { type: 'delete-expired'; now: number }
  | { type: 'clear' };

const schema = `
CREATE TABLE IF NOT EXISTS cache_entries (
  id TEXT PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  partition TEXT NOT NULL,
  cache_key TEXT,
  request_id TEXT NOT NULL,
  provider TEXT NOT NULL,
  model TEXT NOT NULL,
  response TEXT NOT NULL,
  embedding BLOB,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS cache_entries_expires_at ON cache_entries (expires_at);
CREATE INDEX IF NOT EXISTS cache_entries_created_at ON cache_entries (created_at);
`;

interface RawRow {
  id: string;
  key: string;
  partition: string;
  cache_key: string | null;
  request_id: string;
  provider: string;
  model: string;
  response: string;
  embedding: Buffer | null;
  created_at: number;
  expires_at: number;
}

/**
 * The embedded cache's SQLite file (better-sqlite3, synchronous): the store applies
 * its changes in batches, one transaction each, and reads everything back on open.
 */
export class SqliteCacheFile {
  readonly #db: Database.Database;
  readonly #put: Database.Statement;
  readonly #delete: Database.Statement;
  readonly #deleteExpired: Database.Statement;
  readonly #clear: Database.Statement;

  /** Opens (creating the file and its directory if needed). */
  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.#db = new Database(path);
    try {
      this.#db.pragma('journal_mode = WAL');
      this.#db.pragma('synchronous = NORMAL');
      this.#db.exec(schema);
      this.#put = this.#db.prepare(
        `INSERT OR REPLACE INTO cache_entries (id, key, partition, cache_key, request_id, provider, model, response, embedding, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      this.#delete = this.#db.prepare('DELETE FROM cache_entries WHERE id = ?');
      this.#deleteExpired = this.#db.prepare('DELETE FROM cache_entries WHERE expires_at <= ?');
      this.#clear = this.#db.prepare('DELETE FROM cache_entries');
    } catch (error) {
      this.#db.close();
      throw error;
    }
  }

  /**
   * The entries not expired at `now`, newest first, at most `limit`; the rest
   * (expired, or beyond the limit) are deleted from the file.
   */
  load(now: number, limit: number): CacheRow[] {
    this.#deleteExpired.run(now);
    const raw = this.#db.prepare('SELECT * FROM cache_entries ORDER BY created_at DESC, id DESC LIMIT ?').all(limit) as RawRow[];
    if (raw.length === limit) {
      const oldest = raw[raw.length - 1];
      this.#db.prepare('DELETE FROM cache_entries WHERE created_at < ? OR (created_at = ? AND id < ?)').run(oldest.created_at, oldest.created_at, oldest.id);
    }
    return raw.map(fromRaw);
  }

  /** Applies `changes` in order, in one transaction. */
  apply(changes: readonly CacheFileChange[]): void {
    if (changes.length === 0) return;
    this.#db.transaction(() => {
      for (const change of changes) {
        switch (change.type) {
          case 'put': {
            const { row } = change;
            const embedding = row.embedding === null ? null : Buffer.from(row.embedding.buffer, row.embedding.byteOffset, row.embedding.byteLength);
            this.#put.run(row.id, row.key, row.partition, row.cacheKey, row.requestId, row.provider, row.model, row.responseJson, embedding, row.createdAt, row.expiresAt);
            break;
          }
          case 'delete':
            this.#delete.run(change.id);
            break;
          case 'delete-expired':
            this.#deleteExpired.run(change.now);
            break;
          case 'clear':
            this.#clear.run();
            break;
        }
      }
    })();
  }

  close(): void {
    this.#db.close();
  }
}

function fromRaw(raw: RawRow): CacheRow {
  let embedding: Float32Array | null = null;
  if (raw.embedding !== null) {
    // Copied: a Buffer's offset need not be 4-byte aligned.
    embedding = new Float32Array(raw.embedding.byteLength / 4);
    new Uint8Array(embedding.buffer).set(raw.embedding);
  }
  return {
    id: raw.id,
    key: raw.key,
    partition: raw.partition,
    cacheKey: raw.cache_key,
    requestId: raw.request_id,
    provider: raw.provider,
    model: raw.model,
    responseJson: raw.response,
    embedding,
    createdAt: raw.created_at,
    expiresAt: raw.expires_at,
  };
}
