import type { Pool, PoolClient } from 'pg';

/**
 * Brings a part of the schema (the request log's, governance's) to `version` in one
 * transaction, under an advisory lock named `lockName` so that two gateways starting
 * together do not race. The part's version is kept in `switchyard_meta` under
 * `versionKey`; a database holding a newer version than `version` is refused (`what`
 * names the part in the error). `migrate` creates or alters the tables; its result is returned.
 */
export async function ensureVersionedSchema<T>(
  pool: Pool,
  options: { lockName: string; versionKey: string; version: number; what: string },
  migrate: (client: PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let failed: Error | undefined;
  // A connection that breaks while idle in the transaction reports here, not as a rejection.
  const onError = (error: Error) => {
    failed = error;
  };
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [options.lockName]);
    await client.query('CREATE TABLE IF NOT EXISTS switchyard_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
    const stored = await client.query<{ value: string }>('SELECT value FROM switchyard_meta WHERE key = $1', [options.versionKey]);
    const current = stored.rows.length === 0 ? 0 : Number(stored.rows[0]!.value);
    if (current > options.version) throw new Error(`${options.what}: schema version ${current}; this build knows up to ${options.version}`);
    const result = await migrate(client);
    await client.query('INSERT INTO switchyard_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value', [options.versionKey, String(options.version)]);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    failed ??= error as Error;
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.off('error', onError);
    client.release(failed);
  }
}
