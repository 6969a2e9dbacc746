import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postgresAvailable, postgresServer } from '../../../test/support/postgres.js';
import { governanceSchema } from '../../config/governance-schema.js';
import type { GovernanceEntities, GovernanceStore } from '../governance-store.js';
import { openPostgresGovernanceStore } from './postgres-governance-store.js';
import { openSqliteGovernanceStore } from './sqlite-governance-store.js';

// The behaviour every GovernanceStore shares. PostgreSQL runs it too, on a scratch schema per test,
// skipping (with a message) only when the server is absent outside CI; under CI a missing server fails.
const hasPostgres = await postgresAvailable();

/** How the suite opens a store: `open` a fresh (never seeded) one; `reopen` a second handle on the same data. */
interface GovernanceStoreHarness {
  open(): Promise<GovernanceStore>;
  reopen(): Promise<GovernanceStore>;
  /** Called after each test, after the suite closed its stores. */
  cleanup?(): Promise<void>;
}

/** Entities of every kind, as the config schema outputs them (defaults filled in), each kind sorted by id. */
function sampleGovernanceEntities(): GovernanceEntities {
  const { virtual_keys, teams, customers, budgets, rate_limits } = governanceSchema.parse({
    customers: [{ id: 'acme', name: 'Acme "Corp" ünïcode', budget_id: 'acme-monthly' }],
    teams: [
      { id: 'search', customer_id: 'acme', budget_id: 'search-daily', rate_limit_id: 'team-rate' },
      { id: 'support', name: 'Support' },
    ],
    virtual_keys: [
      {
        id: 'app-1',
        value: 'sk-bf-one',
        team_id: 'search',
        budget_id: 'app-daily',
        rate_limit_id: 'app-rate',
        provider_configs: [
          { provider: 'openai', weight: 3, allowed_models: ['gpt-4o-mini'], key_ids: ['main'] },
          { provider: 'anthropic', allowed_models: ['*'] },
        ],
      },
      { id: 'app-2', value: 'sk-bf-two', is_active: false, description: 'off for now' },
    ],
    budgets: [
      { id: 'acme-monthly', max_limit: 500, reset_duration: '1M' },
      { id: 'app-daily', max_limit: 5.25, reset_duration: '1d' },
      { id: 'search-daily', max_limit: 20, reset_duration: '1d' },
    ],
    rate_limits: [
      { id: 'app-rate', request_max_limit: 600, request_reset_duration: '1m', token_max_limit: 200_000, token_reset_duration: '1h' },
      { id: 'team-rate', request_max_limit: 10, request_reset_duration: '30s' },
    ],
  });
  return { virtual_keys, teams, customers, budgets, rate_limits };
}

const empty: GovernanceEntities = { virtual_keys: [], teams: [], customers: [], budgets: [], rate_limits: [] };

/** Runs one statement on the local server's `test` database, on a connection of its own. */
async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ ...postgresServer });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh file under a new temporary directory (created by the store, with its directory). */
function sqliteHarness(): GovernanceStoreHarness {
  const directory = mkdtempSync(join(tmpdir(), 'sy-governance-'));
  const path = join(directory, 'nested', 'config.db');
  return {
    open: () => openSqliteGovernanceStore({ path }),
    reopen: () => openSqliteGovernanceStore({ path }),
    async cleanup() {
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** A new schema of the `test` database, made the connections' search path. */
function postgresHarness(): GovernanceStoreHarness {
  const schema = `sy_test_governance_${randomBytes(6).toString('hex')}`;
  let created = false;
  const open = async () => {
    if (!created) await adminQuery(`CREATE SCHEMA ${schema}`);
    created = true;
    const { host, port, user, database } = postgresServer;
    return openPostgresGovernanceStore({ host, port, user, db_name: database, options: `-c search_path=${schema}`, connect_timeout_ms: 1000 });
  };
  return {
    open,
    reopen: open,
    async cleanup() {
      if (created) await adminQuery(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    },
  };
}

const implementations: Array<{ name: string; available: boolean; harness: () => GovernanceStoreHarness }> = [
  { name: 'sqlite', available: true, harness: sqliteHarness },
  { name: 'postgres', available: hasPostgres, harness: postgresHarness },
];

for (const { name, available, harness } of implementations) {
  describe.runIf(available)(`${name} governance store (shared GovernanceStore behaviour)`, () => {
    let current: GovernanceStoreHarness;
    const opened: GovernanceStore[] = [];
    const open = async () => {
      const store = await current.open();
      opened.push(store);
      return store;
    };
    const reopen = async () => {
      const store = await current.reopen();
      opened.push(store);
      return store;
    };

    beforeEach(() => {
      current = harness();
    });

    afterEach(async () => {
      for (const store of opened.splice(0)) await store.close();
      await current.cleanup?.();
    });

    it('loads undefined from a store that was never seeded', async () => {
      const store = await open();
      expect(await store.load()).toBeUndefined();
    });

    it('loads undefined before seeding even when an entity was saved', async () => {
      const store = await open();
      await store.save('budgets', { id: 'b', max_limit: 1, reset_duration: '1d' });
      expect(await store.load()).toBeUndefined();
    });

    it('round-trips entities of every kind through seed and load', async () => {
      const store = await open();
      const entities = sampleGovernanceEntities();
      await store.seed(entities);
      expect(await store.load()).toEqual(entities);
    });

    it('loads an empty entity set once seeded with nothing', async () => {
      const store = await open();
      await store.seed(empty);
      expect(await store.load()).toEqual(empty);
    });

    it('replaces everything on a second seed', async () => {
      const store = await open();
      await store.seed(sampleGovernanceEntities());
      const next: GovernanceEntities = { ...empty, budgets: [{ id: 'only', max_limit: 1, reset_duration: '1w' }] };
      await store.seed(next);
      expect(await store.load()).toEqual(next);
    });

    it('saves a new entity, replaces an existing one, and keeps the others', async () => {
      const store = await open();
      const entities = sampleGovernanceEntities();
      await store.seed(entities);
      const added = { id: 'aaa-first', max_limit: 7, reset_duration: '1h' };
      const changed = { ...entities.budgets[1], max_limit: 99 };
      await store.save('budgets', added);
      await store.save('budgets', changed);
      const loaded = await store.load();
      expect(loaded?.budgets).toEqual([added, entities.budgets[0], changed, entities.budgets[2]]);
      expect({ ...loaded, budgets: entities.budgets }).toEqual(entities);
    });

    it('keeps kinds apart: the same id in two kinds is two entities', async () => {
      const store = await open();
      await store.seed(empty);
      await store.save('teams', { id: 'same' });
      await store.save('customers', { id: 'same', name: 'customer' });
      expect(await store.remove('teams', 'same')).toBe(true);
      expect(await store.load()).toEqual({ ...empty, customers: [{ id: 'same', name: 'customer' }] });
    });

    it('removes an entity and tells whether it existed', async () => {
      const store = await open();
      const entities = sampleGovernanceEntities();
      await store.seed(entities);
      expect(await store.remove('virtual_keys', 'app-2')).toBe(true);
      expect(await store.remove('virtual_keys', 'app-2')).toBe(false);
      expect(await store.remove('rate_limits', 'missing')).toBe(false);
      expect(await store.load()).toEqual({ ...entities, virtual_keys: [entities.virtual_keys[0]] });
    });

    it('rejects an unknown kind and an entity without an id', async () => {
      const store = await open();
      await expect(store.save('widgets' as never, { id: 'x' } as never)).rejects.toThrow(/unknown governance kind 'widgets'/);
      await expect(store.remove('widgets' as never, 'x')).rejects.toThrow(/unknown governance kind/);
      await expect(store.save('teams', { name: 'no id' } as never)).rejects.toThrow(/needs a non-empty string id/);
      await expect(store.seed({ ...empty, teams: [{ id: '' }] })).rejects.toThrow(/needs a non-empty string id/);
    });

    it('keeps seeded entities and later changes when reopened', async () => {
      const first = await open();
      const entities = sampleGovernanceEntities();
      await first.seed(entities);
      await first.save('teams', { id: 'zeta', name: 'new' });
      await first.remove('customers', 'acme');
      await first.close();
      const second = await reopen();
      expect(await second.load()).toEqual({ ...entities, teams: [...entities.teams, { id: 'zeta', name: 'new' }], customers: [] });
    });

    it('rejects calls after close', async () => {
      const store = await open();
      await store.close();
      await store.close();
      await expect(store.load()).rejects.toThrow(/after close/);
      await expect(store.save('teams', { id: 't' })).rejects.toThrow(/after close/);
    });
  });
}
