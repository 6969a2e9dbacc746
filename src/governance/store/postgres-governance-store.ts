import pg from 'pg';
import { toPoolConfig, type PostgresLogConfig } from '../../logs/postgres/postgres-config.js';
import type { GovernanceEntities, GovernanceEntity, GovernanceKind, GovernanceStore } from '../governance-store.js';
import { assertGovernanceKind, entitiesFromRows, entityId, rowsOfEntities, seededMetaKey, type GovernanceRow } from './governance-rows.js';
import { ensurePostgresGovernanceSchema } from './postgres-governance-schema.js';

/**
 * Where the PostgreSQL governance store connects: the shape of `logs_store.config`
 * (`postgresConfigSchema`: Bifrost's fields or a `connection_string`).
 */
export type PostgresGovernanceStoreConfig = PostgresLogConfig;

/** How the PostgreSQL governance store behaves beyond where it connects. */
export interface PostgresGovernanceStoreOptions {
  /** Hears errors of idle connections (the pool drops those connections and opens new ones). */
  onError?: (error: Error) => void;
}

const upsertSql =
  'INSERT INTO governance_entities (kind, id, body, updated_at) VALUES ($1, $2, $3::jsonb, $4) ' +
  'ON CONFLICT (kind, id) DO UPDATE SET body = EXCLUDED.body, updated_at = EXCLUDED.updated_at';
const markSeededSql = 'INSERT INTO switchyard_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value';
// One statement, so one snapshot: the seeded mark and the rows cannot straddle a concurrent seed. No row: never
// seeded; one row with a NULL kind: seeded and empty. "C" collation: ids in byte order, as SQLite sorts them.
const loadSql = `SELECT e.kind, e.body FROM switchyard_meta m LEFT JOIN governance_entities e ON true
  WHERE m.key = $1 ORDER BY e.kind COLLATE "C", e.id COLLATE "C"`;

/**
 * Governance entities in PostgreSQL, over a small `pg` pool. The schema is created by the first call that
 * reaches the database, so the gateway starts while it is down; calls reject while it is down.
 */
class PostgresGovernanceStore implements GovernanceStore {
  readonly kind = 'postgres' as const;
  readonly #pool: pg.Pool;
  #schema: Promise<void> | undefined;
  #closed: Promise<void> | undefined;

  constructor(config: PostgresGovernanceStoreConfig, options: PostgresGovernanceStoreOptions) {
    const onError = options.onError ?? (() => undefined);
    this.#pool = new pg.Pool({ ...toPoolConfig({ ...config, max_connections: config.max_connections ?? 2 }), application_name: 'switchyard-governance' });
    this.#pool.on('error', (error) => onError(error));
  }

  load(): Promise<GovernanceEntities | undefined> {
    return this.#run('load', async () => {
      const result = await this.#pool.query<{ kind: string | null; body: unknown }>(loadSql, [seededMetaKey]);
      if (result.rows.length === 0) return undefined;
      return entitiesFromRows(result.rows.filter((row): row is GovernanceRow => row.kind !== null));
    });
  }

  seed(entities: GovernanceEntities): Promise<void> {
    return this.#run('seed', async () => {
      const rows = rowsOfEntities(entities);
      const client = await this.#pool.connect();
      let failed: Error | undefined;
      try {
        await client.query('BEGIN');
        await client.query('DELETE FROM governance_entities');
        const now = Date.now();
        for (const row of rows) await client.query(upsertSql, [row.kind, row.id, row.body, now]);
        await client.query(markSeededSql, [seededMetaKey, String(now)]);
        await client.query('COMMIT');
      } catch (error) {
        failed = error as Error;
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        // A connection that failed mid-transaction is not handed to the next caller.
        client.release(failed);
      }
    });
  }

  save<K extends GovernanceKind>(kind: K, entity: GovernanceEntity<K>): Promise<void> {
    return this.#run('save', async () => {
      assertGovernanceKind(kind);
      await this.#pool.query(upsertSql, [kind, entityId(entity), JSON.stringify(entity), Date.now()]);
    });
  }

  remove(kind: GovernanceKind, id: string): Promise<boolean> {
    return this.#run('remove', async () => {
      assertGovernanceKind(kind);
      const result = await this.#pool.query('DELETE FROM governance_entities WHERE kind = $1 AND id = $2', [kind, id]);
      return (result.rowCount ?? 0) > 0;
    });
  }

  close(): Promise<void> {
    this.#closed ??= this.#pool.end();
    return this.#closed;
  }

  async #run<T>(operation: string, work: () => Promise<T>): Promise<T> {
    if (this.#closed !== undefined) throw new Error(`postgres governance store: ${operation} after close`);
    try {
      await this.#ready();
      return await work();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`postgres governance store: ${operation} failed: ${message}`, { cause: error });
    }
  }

  #ready(): Promise<void> {
    this.#schema ??= ensurePostgresGovernanceSchema(this.#pool).catch((error: unknown) => {
      this.#schema = undefined;
      throw error;
    });
    return this.#schema;
  }
}

/**
 * A PostgreSQL governance store (`config_store` of type `postgres`). Resolves without reaching the
 * database, so that a gateway starts while it is down; the first call that reaches it creates the schema.
 */
export async function openPostgresGovernanceStore(
  config: PostgresGovernanceStoreConfig,
  options: PostgresGovernanceStoreOptions = {},
): Promise<GovernanceStore> {
  return new PostgresGovernanceStore(config, options);
}
