import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The local PostgreSQL server the tests use (trust auth, database `test`); `.ci/ensure-services` starts it. */
export const postgresServer = { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' } as const;

/**
 * Whether the local PostgreSQL server answers. Under CI it must: a suite that
 * needs it fails instead of skipping, so CI always runs it.
 */
export async function postgresAvailable(): Promise<boolean> {
  const client = new pg.Client({ ...postgresServer, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch (error) {
    if (process.env.CI) throw new Error(`PostgreSQL is not reachable at ${postgresServer.host}:${postgresServer.port} under CI: ${(error as Error).message}`);
    console.warn(`skipping PostgreSQL tests: no server at ${postgresServer.host}:${postgresServer.port} (${(error as Error).message})`);
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A fresh database on the local server for one test file; `drop` removes it (closing what is still connected). */
export async function createScratchDatabase(prefix = 'sy_test'): Promise<{ name: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ ...postgresServer });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return {
    name,
    async drop() {
      const client = new pg.Client({ ...postgresServer });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
