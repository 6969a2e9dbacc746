import type { GovernanceConfig } from '../config/governance-schema.js';

/** The kinds of governance entities, by their config section names. */
export type GovernanceKind = 'virtual_keys' | 'teams' | 'customers' | 'budgets' | 'rate_limits';

export const governanceKinds: readonly GovernanceKind[] = ['virtual_keys', 'teams', 'customers', 'budgets', 'rate_limits'];

/** Every governance entity, as the config holds them. */
export type GovernanceEntities = Pick<GovernanceConfig, GovernanceKind>;

/** One entity of a kind (a virtual key, a team, ...): always has an `id`. */
export type GovernanceEntity<K extends GovernanceKind = GovernanceKind> = GovernanceEntities[K][number];

/**
 * Where governance entities persist (`config_store`): SQLite under the app directory
 * by default, or PostgreSQL. Entities are stored as validated JSON, one row per
 * (kind, id). The management API writes through it; at start the gateway loads it.
 */
export interface GovernanceStore {
  readonly kind: 'sqlite' | 'postgres';
  /** Every stored entity; `undefined` when the store was never seeded (a new database). */
  load(): Promise<GovernanceEntities | undefined>;
  /** Stores every entity at once, replacing what was there, and marks the store seeded (first start: the config file's entities). */
  seed(entities: GovernanceEntities): Promise<void>;
  /** Inserts or replaces one entity. */
  save<K extends GovernanceKind>(kind: K, entity: GovernanceEntity<K>): Promise<void>;
  /** Deletes one entity; resolves to whether it existed. */
  remove(kind: GovernanceKind, id: string): Promise<boolean>;
  close(): Promise<void>;
}
