import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresAvailable, postgresServer } from '../../../test/support/postgres.js';
import { startTcpProxy, type TcpProxy } from '../../../test/support/tcp-proxy.js';
import type { GovernanceEntities } from '../governance-store.js';
import { openPostgresGovernanceStore, type PostgresGovernanceStoreConfig } from './postgres-governance-store.js';
import { postgresGovernanceSchemaVersion } from './postgres-governance-schema.js';

// The GovernanceStore contract runs in governance-store.test.ts; these are PostgreSQL's own details.
// Skips only when the server is absent and CI is unset; under CI `postgresAvailable` throws instead.
const available = await postgresAvailable();

/** Runs one statement on the local server's `test` database, on a connection of its own. */
async function adminQuery<T extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<pg.QueryResult<T>> {
  const client = new pg.Client({ ...postgresServer });
  await client.connect();
  try {
    return await client.query<T>(sql, params);
  } finally {
    await client.end();
  }
}

/** The store's config on a scratch schema of the `test` database (through `port`, the server's or a proxy's). */
const configFor = (schema: string, port: number = postgresServer.port): PostgresGovernanceStoreConfig => ({
  host: postgresServer.host,
  port,
  user: postgresServer.user,
  db_name: postgresServer.database,
  options: `-c search_path=${schema}`,
  connect_timeout_ms: 1000,
});

const entities = (): GovernanceEntities => ({
  virtual_keys: [{ id: 'app', value: 'sk-bf-app', is_active: true, budget_id: 'app-daily', provider_configs: [] }],
  teams: [{ id: 'search' }],
  customers: [],
  budgets: [{ id: 'app-daily', max_limit: 5.25, reset_duration: '1d' }],
  rate_limits: [],
});

const scratchSchema = () => `sy_test_governance_${randomBytes(6).toString('hex')}`;

describe.skipIf(!available)('postgres governance store', () => {
  const schema = scratchSchema();
  beforeAll(async () => {
    await adminQuery(`CREATE SCHEMA ${schema}`);
  });
  afterAll(async () => {
    await adminQuery(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  });

  it('creates its tables on the first call and records its schema version', async () => {
    const store = await openPostgresGovernanceStore(configFor(schema));
    try {
      expect(store.kind).toBe('postgres');
      expect(await store.load()).toBeUndefined();
      await store.seed(entities());
      const meta = await adminQuery<{ key: string; value: string }>(`SELECT key, value FROM ${schema}.switchyard_meta ORDER BY key`);
      expect(meta.rows.map((row) => row.key)).toEqual(['governance_schema_version', 'governance_seeded_at']);
      expect(meta.rows[0].value).toBe(String(postgresGovernanceSchemaVersion));
      const body = await adminQuery<{ body: unknown }>(`SELECT body FROM ${schema}.governance_entities WHERE kind = 'budgets' AND id = 'app-daily'`);
      expect(body.rows[0].body).toEqual({ id: 'app-daily', max_limit: 5.25, reset_duration: '1d' });
    } finally {
      await store.close();
    }
  });

  it('seeds in one transaction: a failing seed leaves the previous entities', async () => {
    const store = await openPostgresGovernanceStore(configFor(schema));
    try {
      const before = entities();
      await store.seed(before);
      // JSONB refuses a NUL character: the last row fails after the delete and the first inserts.
      const bad = { ...before, rate_limits: [{ id: 'zzz', request_max_limit: 1, request_reset_duration: '1m', name: 'nul \u0000' }] as never };
      await expect(store.seed(bad)).rejects.toThrow(/postgres governance store: seed failed/);
      expect(await store.load()).toEqual(before);
    } finally {
      await store.close();
    }
  });

  it('refuses a database holding a newer governance schema', async () => {
    const newer = scratchSchema();
    await adminQuery(`CREATE SCHEMA ${newer}`);
    await adminQuery(`CREATE TABLE ${newer}.switchyard_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`);
    await adminQuery(`INSERT INTO ${newer}.switchyard_meta VALUES ('governance_schema_version', '99')`);
    const store = await openPostgresGovernanceStore(configFor(newer));
    try {
      await expect(store.load()).rejects.toThrow(/schema version 99; this build knows up to 1/);
    } finally {
      await store.close();
      await adminQuery(`DROP SCHEMA ${newer} CASCADE`);
    }
  });

  describe('while the database is down', () => {
    let proxy: TcpProxy;
    beforeAll(async () => {
      proxy = await startTcpProxy(postgresServer.host, postgresServer.port);
    });
    afterAll(async () => {
      await proxy.close();
    });

    it('opens without reaching it, rejects calls, and works once it is back', async () => {
      const outage = scratchSchema();
      await adminQuery(`CREATE SCHEMA ${outage}`);
      await proxy.down();
      const store = await openPostgresGovernanceStore(configFor(outage, proxy.port));
      try {
        await expect(store.load()).rejects.toThrow(/postgres governance store: load failed/);
        await expect(store.save('teams', { id: 't' })).rejects.toThrow(/postgres governance store: save failed/);
        await proxy.up();
        expect(await store.load()).toBeUndefined();
        await store.seed(entities());
        expect(await store.load()).toEqual(entities());
      } finally {
        await store.close();
        await adminQuery(`DROP SCHEMA ${outage} CASCADE`);
      }
    });
  });
});
