import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GovernanceEntities } from '../governance-store.js';
import { openSqliteGovernanceStore, sqliteGovernanceSchemaVersion } from './sqlite-governance-store.js';

// The GovernanceStore contract runs in governance-store.test.ts; these are SQLite's own details.
const entities = (): GovernanceEntities => ({
  virtual_keys: [{ id: 'app', value: 'sk-bf-app', is_active: true, budget_id: 'app-daily', provider_configs: [] }],
  teams: [],
  customers: [],
  budgets: [{ id: 'app-daily', max_limit: 5.25, reset_duration: '1d' }],
  rate_limits: [],
});

describe('sqlite governance store', () => {
  let directory: string;
  let path: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'sy-governance-'));
    path = join(directory, 'config.db');
  });
  afterEach(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  it('writes the table, the seeded mark, WAL and the schema version', async () => {
    const store = await openSqliteGovernanceStore({ path });
    await store.seed(entities());
    await store.close();
    const db = new Database(path, { readonly: true });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(sqliteGovernanceSchemaVersion);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      const row = db.prepare(`SELECT body, updated_at FROM governance_entities WHERE kind = 'budgets' AND id = 'app-daily'`).get() as { body: string; updated_at: number };
      expect(JSON.parse(row.body)).toEqual({ id: 'app-daily', max_limit: 5.25, reset_duration: '1d' });
      expect(row.updated_at).toBeGreaterThan(Date.now() - 60_000);
      expect(db.prepare(`SELECT key FROM switchyard_meta`).pluck().all()).toEqual(['governance_seeded_at']);
    } finally {
      db.close();
    }
  });

  it('refuses a database written by a newer version', async () => {
    const db = new Database(path);
    db.pragma(`user_version = ${sqliteGovernanceSchemaVersion + 1}`);
    db.close();
    await expect(openSqliteGovernanceStore({ path })).rejects.toThrow(/schema version 2; this Switchyard reads up to 1/);
  });

  it('works in memory', async () => {
    const store = await openSqliteGovernanceStore({ path: ':memory:' });
    expect(store.kind).toBe('sqlite');
    await store.seed(entities());
    expect(await store.load()).toEqual(entities());
    await store.close();
  });
});
