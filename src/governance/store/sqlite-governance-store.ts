import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { GovernanceEntities, GovernanceEntity, GovernanceKind, GovernanceStore } from '../governance-store.js';
import { assertGovernanceKind, entitiesFromRows, entityId, rowsOfEntities, seededMetaKey, type GovernanceRow } from './governance-rows.js';

/** The schema version this code writes; kept in SQLite's `user_version`. */
export const sqliteGovernanceSchemaVersion = 1;

const version1 = `
CREATE TABLE IF NOT EXISTS governance_entities (
  kind TEXT NOT NULL,
  id TEXT NOT NULL,
  body TEXT NOT NULL, -- the entity as JSON
  updated_at INTEGER NOT NULL, -- epoch milliseconds
  PRIMARY KEY (kind, id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS switchyard_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

/** Where the SQLite governance store keeps its file. */
export interface SqliteGovernanceStoreOptions {
  /** The database file (created with its directory when missing); `:memory:` for a store that dies with the process. */
  path: string;
}

/**
 * Governance entities in one SQLite file, on the calling thread: writes are rare admin
 * operations and the load runs once at start, so a worker would buy nothing. WAL, so that a
 * reader (a backup, `sqlite3` in a shell) does not block a write.
 */
class SqliteGovernanceStore implements GovernanceStore {
  readonly kind = 'sqlite' as const;
  readonly #db: Database.Database;
  readonly #upsert: Database.Statement;
  readonly #markSeeded: Database.Statement;
  #closed = false;

  constructor(db: Database.Database) {
    this.#db = db;
    this.#upsert = db.prepare(
      'INSERT INTO governance_entities (kind, id, body, updated_at) VALUES (?, ?, ?, ?) ' +
        'ON CONFLICT (kind, id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at',
    );
    this.#markSeeded = db.prepare('INSERT INTO switchyard_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  }

  async load(): Promise<GovernanceEntities | undefined> {
    this.#open('load');
    return this.#db.transaction(() => {
      if (this.#db.prepare('SELECT 1 FROM switchyard_meta WHERE key = ?').get(seededMetaKey) === undefined) return undefined;
      const rows = this.#db.prepare('SELECT kind, body FROM governance_entities ORDER BY kind, id').all() as GovernanceRow[];
      return entitiesFromRows(rows);
    })();
  }

  async seed(entities: GovernanceEntities): Promise<void> {
    this.#open('seed');
    const rows = rowsOfEntities(entities);
    const now = Date.now();
    this.#db.transaction(() => {
      this.#db.prepare('DELETE FROM governance_entities').run();
      for (const row of rows) this.#upsert.run(row.kind, row.id, row.body, now);
      this.#markSeeded.run(seededMetaKey, String(now));
    }).immediate();
  }

  async save<K extends GovernanceKind>(kind: K, entity: GovernanceEntity<K>): Promise<void> {
    this.#open('save');
    assertGovernanceKind(kind);
    this.#upsert.run(kind, entityId(entity), JSON.stringify(entity), Date.now());
  }

  async remove(kind: GovernanceKind, id: string): Promise<boolean> {
    this.#open('remove');
    assertGovernanceKind(kind);
    return this.#db.prepare('DELETE FROM governance_entities WHERE kind = ? AND id = ?').run(kind, id).changes > 0;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#db.close();
  }

  #open(operation: string): void {
    if (this.#closed) throw new Error(`sqlite governance store: ${operation} after close`);
  }
}

/** Sets the pragmas and brings the schema to `sqliteGovernanceSchemaVersion`; refuses a database written by a newer version. */
function prepareGovernanceDatabase(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // Two gateways restarting on one app dir may overlap for a moment: wait rather than fail an admin write.
  db.pragma('busy_timeout = 2000');
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > sqliteGovernanceSchemaVersion) {
    throw new Error(`The governance database has schema version ${current}; this Switchyard reads up to ${sqliteGovernanceSchemaVersion}.`);
  }
  if (current === sqliteGovernanceSchemaVersion) return;
  db.transaction(() => {
    db.exec(version1);
    db.pragma(`user_version = ${sqliteGovernanceSchemaVersion}`);
  }).immediate();
}

/**
 * Opens (creating the file, its directory and the schema when missing) the SQLite governance
 * store (`config_store` of type `sqlite`; default `<app-dir>/config.db`). Rejects when the file
 * cannot be opened or holds a newer schema.
 */
export async function openSqliteGovernanceStore(options: SqliteGovernanceStoreOptions): Promise<GovernanceStore> {
  if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
  const db = new Database(options.path);
  try {
    prepareGovernanceDatabase(db);
    return new SqliteGovernanceStore(db);
  } catch (error) {
    db.close();
    throw error;
  }
}
