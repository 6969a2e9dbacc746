import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { governanceSchema } from '../../config/governance-schema.js';
import { MemoryCounterStore } from '../counters/memory-counter-store.js';
import type { GovernancePlugin } from '../governance-plugin.js';
import type { GovernanceEntities, GovernanceStore } from '../governance-store.js';
import { GovernanceManager } from './governance-manager.js';
import type { GovernanceChange, GovernanceSync } from './governance-sync.js';

const logger = pino({ level: 'silent' });

/** A store in a map, that can be told to fail. */
function memoryStore(initial?: GovernanceEntities) {
  let entities = initial === undefined ? undefined : structuredClone(initial);
  const state = { failing: false, get entities() { return entities; } };
  const store: GovernanceStore = {
    kind: 'sqlite',
    load: async () => structuredClone(entities),
    seed: async (next) => void (entities = structuredClone(next)),
    save: async (kind, entity) => {
      if (state.failing) throw new Error('disk full');
      entities![kind] = [...(entities![kind] as { id: string }[]).filter((item) => item.id !== entity.id), entity] as never;
    },
    remove: async (kind, id) => {
      if (state.failing) throw new Error('disk full');
      const before = entities![kind] as { id: string }[];
      entities![kind] = before.filter((item) => item.id !== id) as never;
      return (entities![kind] as unknown[]).length < before.length;
    },
    close: async () => undefined,
  };
  return { store, state };
}

function fakePlugin() {
  const updates: unknown[] = [];
  return { plugin: { update: (config: unknown) => updates.push(config) } as unknown as GovernancePlugin, updates };
}

function fakeSync() {
  const published: GovernanceChange[] = [];
  let deliver: (change: GovernanceChange) => void = () => undefined;
  const sync: GovernanceSync = {
    instanceId: 'me',
    start: async (onChange) => void (deliver = onChange),
    publish: async (change) => void published.push(change),
    close: async () => undefined,
  };
  return { sync, published, deliver: (change: GovernanceChange) => deliver(change) };
}

const config = governanceSchema.parse({
  budgets: [{ id: 'b1', max_limit: 5, reset_duration: '1d' }],
  virtual_keys: [{ id: 'k1', value: 'sk-bf-1', budget_id: 'b1' }],
});

function manager(store?: GovernanceStore, sync?: GovernanceSync) {
  const { plugin, updates } = fakePlugin();
  const created = new GovernanceManager({ config, plugin, counters: new MemoryCounterStore(), store: store && Promise.resolve(store), sync, adminKey: 'admin', logger });
  return { manager: created, updates };
}

describe('GovernanceManager', () => {
  it('seeds a new store with the config file’s entities', async () => {
    const { store, state } = memoryStore();
    await manager(store).manager.start();
    expect(state.entities?.virtual_keys.map((key) => key.id)).toEqual(['k1']);
  });

  it('serves a seeded store’s entities instead of the config file’s', async () => {
    const { store } = memoryStore({ virtual_keys: [{ id: 'k2', value: 'sk-bf-2' } as never], teams: [], customers: [], budgets: [], rate_limits: [] });
    const { manager: loaded, updates } = manager(store);
    await loaded.start();
    expect(loaded.list('virtual_keys').map((key) => key.id)).toEqual(['k2']);
    expect(loaded.get('virtual_keys', 'k2')).toMatchObject({ is_active: true, provider_configs: [] });
    expect(updates).toHaveLength(1);
  });

  it('saves, applies and publishes a change; refuses a delete that breaks a reference, naming the referrer', async () => {
    const { store, state } = memoryStore();
    const { sync, published } = fakeSync();
    const { manager: managed, updates } = manager(store, sync);
    await managed.start();
    await managed.create('teams', { id: 't1', budget_id: 'b1' });
    expect(state.entities?.teams).toEqual([{ id: 't1', budget_id: 'b1' }]);
    expect(updates).toHaveLength(1);
    expect(published).toEqual([{ origin: 'me', kind: 'teams', op: 'save', entity: { id: 't1', budget_id: 'b1' } }]);
    await expect(managed.remove('budgets', 'b1')).rejects.toMatchObject({ code: 'governance_conflict', message: expect.stringContaining("virtual_keys 'k1'.budget_id") });
    await expect(managed.create('virtual_keys', { id: 'k3', value: 'sk-bf-1' })).rejects.toMatchObject({ code: 'governance_conflict', status: 409 });
    await expect(managed.create('teams', { id: 't1' })).rejects.toMatchObject({ code: 'governance_entity_exists' });
    await expect(managed.replace('teams', 'nope', { id: 'nope' })).rejects.toMatchObject({ code: 'governance_entity_not_found' });
    await expect(managed.create('budgets', { id: 'b2', max_limit: 'lots', reset_duration: '1d' })).rejects.toMatchObject({ code: 'invalid_request', param: 'max_limit' });
  });

  it('changes nothing when the store fails to save (503)', async () => {
    const { store, state } = memoryStore();
    const { manager: managed, updates } = manager(store);
    await managed.start();
    state.failing = true;
    await expect(managed.create('teams', { id: 't1' })).rejects.toMatchObject({ code: 'governance_store_unavailable', status: 503 });
    expect(managed.list('teams')).toEqual([]);
    expect(updates).toHaveLength(0);
  });

  it('applies and saves changes from other instances', async () => {
    const { store, state } = memoryStore();
    const { sync, deliver } = fakeSync();
    const { manager: managed } = manager(store, sync);
    await managed.start();
    deliver({ origin: 'other', kind: 'virtual_keys', op: 'save', entity: { id: 'k9', value: 'sk-bf-9' } as never });
    deliver({ origin: 'other', kind: 'virtual_keys', op: 'remove', id: 'k1' });
    await expect.poll(() => managed.list('virtual_keys').map((key) => key.id)).toEqual(['k9']);
    await expect.poll(() => state.entities?.virtual_keys.map((key) => key.id)).toEqual(['k9']);
  });

  it('reads usage of a budget from the counter store', async () => {
    const counters = new MemoryCounterStore();
    const { plugin } = fakePlugin();
    const managed = new GovernanceManager({ config, plugin, counters, store: undefined, sync: undefined, adminKey: undefined, logger, now: () => 1_000 });
    await managed.start();
    await counters.add([{ key: 'budget:b1', limit: 5, windowMs: 86_400_000 }], 0.25, 1_000);
    expect(await managed.usage('virtual_keys', managed.get('virtual_keys', 'k1')!)).toEqual({ budget: { budget_id: 'b1', spent: 0.25, max_limit: 5, reset_duration: '1d' } });
  });
});
