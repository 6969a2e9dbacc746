import type { Pool, PoolClient } from 'pg';

/** The `logs` schema version this build writes; kept in `switchyard_meta` so a later build can migrate. */
export const postgresLogSchemaVersion = 1;

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

// Sort indexes end with id (the tie-break of `postgresOrderClause`) and keep NULLs lowest, as SQLite does,
// so that both directions of every sort read an index in order. NULLS FIRST also on NOT NULL columns: the
// planner matches the declared NULL order, not the constraint (else the newest page sorts the whole table).
const createIndexes = [
  'CREATE INDEX IF NOT EXISTS logs_timestamp_idx ON logs (timestamp NULLS FIRST, id)',
  'CREATE INDEX IF NOT EXISTS logs_provider_timestamp_idx ON logs (provider, timestamp)',
  'CREATE INDEX IF NOT EXISTS logs_model_timestamp_idx ON logs (model, timestamp)',
  'CREATE INDEX IF NOT EXISTS logs_status_idx ON logs (status)',
  'CREATE INDEX IF NOT EXISTS logs_error_code_idx ON logs (error_code)',
  'CREATE INDEX IF NOT EXISTS logs_latency_idx ON logs (latency_ms NULLS FIRST, id)',
  'CREATE INDEX IF NOT EXISTS logs_total_tokens_idx ON logs (total_tokens NULLS FIRST, id)',
  'CREATE INDEX IF NOT EXISTS logs_cost_idx ON logs (cost_usd NULLS FIRST, id)',
  'CREATE INDEX IF NOT EXISTS logs_request_id_idx ON logs (request_id)',
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
  await client.query(`CREATE INDEX IF NOT EXISTS logs_request_content_trgm_idx ON logs USING gin (request_content ${opclass})`);
  await client.query(`CREATE INDEX IF NOT EXISTS logs_response_content_trgm_idx ON logs USING gin (response_content ${opclass})`);
  return true;
}

/**
 * Creates the `logs` table, its indexes and `switchyard_meta` when missing, in one transaction under an
 * advisory lock (two gateways starting together do not race). Rejects when the database holds a newer
 * schema version than this build knows.
 */
export async function ensurePostgresLogSchema(pool: Pool): Promise<{ trigramSearch: boolean }> {
  const client = await pool.connect();
  let failed: Error | undefined;
  const onError = (error: Error) => {
    failed = error;
  };
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('switchyard_logs_schema'))`);
    await client.query('CREATE TABLE IF NOT EXISTS switchyard_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
    const stored = await client.query<{ value: string }>(`SELECT value FROM switchyard_meta WHERE key = 'logs_schema_version'`);
    const version = stored.rows.length === 0 ? 0 : Number(stored.rows[0].value);
    if (version > postgresLogSchemaVersion) {
      throw new Error(`the logs table has schema version ${version}; this build knows up to ${postgresLogSchemaVersion}`);
    }
    await client.query(createTable);
    for (const sql of createIndexes) await client.query(sql);
    const trigramSearch = await createSearchIndexes(client);
    await client.query(
      `INSERT INTO switchyard_meta (key, value) VALUES ('logs_schema_version', $1) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
      [String(postgresLogSchemaVersion)],
    );
    await client.query('COMMIT');
    return { trigramSearch };
  } catch (error) {
    failed ??= error as Error;
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.off('error', onError);
    client.release(failed);
  }
}
