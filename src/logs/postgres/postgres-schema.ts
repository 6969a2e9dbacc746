import type { Pool, PoolClient, QueryConfig } from 'pg';
import { ensureVersionedSchema } from '../../postgres/versioned-schema.js';

/** The `logs` schema version this build writes; kept in `switchyard_meta` so a later build can migrate. */
export const postgresLogSchemaVersion = 2;

const createTable = `CREATE TABLE IF NOT EXISTS logs (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  timestamp BIGINT NOT NULL,
  request_id TEXT NOT NULL,
  method TEXT NOT NULL,
  route TEXT NOT NULL,
  operation TEXT,
  provider TEXT,
  model TEXT,
  key_name TEXT,
  virtual_key TEXT,
  team TEXT,
  customer TEXT,
  status INTEGER NOT NULL,
  error_code TEXT,
  error_message TEXT,
  latency_ms DOUBLE PRECISION NOT NULL,
  ttft_ms DOUBLE PRECISION,
  upstream_ms DOUBLE PRECISION NOT NULL,
  prompt_tokens INTEGER,
  completion_tokens INTEGER,
  total_tokens INTEGER,
  cost_usd DOUBLE PRECISION,
  cache_status TEXT,
  attempts INTEGER NOT NULL,
  fallback_index INTEGER NOT NULL,
  stream SMALLINT NOT NULL,
  request_content TEXT,
  response_content TEXT
)`;

// The timestamp index ends with id (the tie-break of `postgresOrderClause`) and keeps NULLs lowest, as
// SQLite does, so that both directions of the default sort read it in order. NULLS FIRST also on a NOT NULL
// column: the planner matches the declared NULL order, not the constraint (else the newest page sorts the
// whole table). No index on latency, tokens or cost: each insert into a random-valued index touches a random
// page, which made inserts 2.5 times slower (43 -> 17 us/row on 1M rows); a top-50 sort by those columns
// scans instead (about 200 ms on 1.2M rows).
const createIndexes = [
  'CREATE INDEX IF NOT EXISTS logs_timestamp_idx ON logs (timestamp NULLS FIRST, id)',
  'CREATE INDEX IF NOT EXISTS logs_provider_timestamp_idx ON logs (provider, timestamp)',
  'CREATE INDEX IF NOT EXISTS logs_model_timestamp_idx ON logs (model, timestamp)',
  'CREATE INDEX IF NOT EXISTS logs_status_idx ON logs (status)',
  'CREATE INDEX IF NOT EXISTS logs_error_code_idx ON logs (error_code)',
  'CREATE INDEX IF NOT EXISTS logs_request_id_idx ON logs (request_id)',
];

/**
 * Version 1 to 2: the governance team and customer of the request's virtual key. No index on
 * them (a filter by team or customer scans), so that inserts stay as cheap as before.
 */
const addColumns = [
  'ALTER TABLE logs ADD COLUMN IF NOT EXISTS team TEXT',
  'ALTER TABLE logs ADD COLUMN IF NOT EXISTS customer TEXT',
];

/** Indexes of earlier (unreleased) builds of schema version 1 that this one drops. */
const dropIndexes = [
  'DROP INDEX IF EXISTS logs_latency_idx',
  'DROP INDEX IF EXISTS logs_total_tokens_idx',
  'DROP INDEX IF EXISTS logs_cost_idx',
];

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Adds trigram indexes for content search when `pg_trgm` is available (or may be created).
 * Without them, search stays correct and scans. Runs inside the caller's transaction, behind savepoints.
 */
async function createSearchIndexes(client: PoolClient): Promise<boolean> {
  await client.query('SAVEPOINT trigram');
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    await client.query('RELEASE SAVEPOINT trigram');
  } catch {
    await client.query('ROLLBACK TO SAVEPOINT trigram');
  }
  const found = await client.query<{ schema: string }>(
    `SELECT n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'`,
  );
  if (found.rows.length === 0) return false;
  // The operator class is qualified: the extension may live in a schema outside the search path.
  const opclass = `${quoteIdentifier(found.rows[0].schema)}.gin_trgm_ops`;
  // Turned on over a full table, building them can take longer than a statement may: no limit on these
  // two, so that the schema does not fail and retry forever. Writes to `logs` wait while they build.
  await client.query('SET LOCAL statement_timeout = 0');
  for (const column of ['request_content', 'response_content']) {
    const text = `CREATE INDEX IF NOT EXISTS logs_${column}_trgm_idx ON logs USING gin (${column} ${opclass})`;
    await client.query({ text, query_timeout: 6 * 3_600_000 } as QueryConfig);
  }
  return true;
}

/** Drops the trigram indexes: without them every insert with content is much cheaper. */
async function dropSearchIndexes(client: PoolClient): Promise<void> {
  await client.query('DROP INDEX IF EXISTS logs_request_content_trgm_idx');
  await client.query('DROP INDEX IF EXISTS logs_response_content_trgm_idx');
}

/**
 * Creates the `logs` table, its indexes and `switchyard_meta` when missing, in one transaction under an
 * advisory lock (two gateways starting together do not race). The trigram indexes of content search
 * are created when `contentSearchIndex` is set and dropped when it is not. Rejects when the database
 * holds a newer schema version than this build knows.
 */
export async function ensurePostgresLogSchema(pool: Pool, options: { contentSearchIndex?: boolean } = {}): Promise<{ trigramSearch: boolean }> {
  return ensureVersionedSchema(pool, { lockName: 'switchyard_logs_schema', versionKey: 'logs_schema_version', version: postgresLogSchemaVersion, what: 'the logs table' }, async (client) => {
    await client.query(createTable);
    for (const sql of [...addColumns, ...createIndexes, ...dropIndexes]) await client.query(sql);
    let trigramSearch = false;
    if (options.contentSearchIndex === true) trigramSearch = await createSearchIndexes(client);
    else await dropSearchIndexes(client);
    return { trigramSearch };
  });
}
