import { governanceKinds, type GovernanceEntities, type GovernanceEntity, type GovernanceKind } from '../governance-store.js';

/** One stored entity as both stores read it back: its kind, and its JSON body (text in SQLite, parsed in PostgreSQL). */
export interface GovernanceRow {
  kind: string;
  body: unknown;
}

/** The key under which both stores mark themselves seeded (`switchyard_meta`); its value is when, in epoch milliseconds. */
export const seededMetaKey = 'governance_seeded_at';

/** Rejects a kind that is not one of `governanceKinds` (a caller outside TypeScript, a bad route). */
export function assertGovernanceKind(kind: string): asserts kind is GovernanceKind {
  if (!(governanceKinds as readonly string[]).includes(kind)) throw new Error(`unknown governance kind '${kind}': one of ${governanceKinds.join(', ')}`);
}

/** Rejects an entity without a usable `id`: the id is half of the row's key. */
export function entityId(entity: GovernanceEntity): string {
  if (typeof entity?.id !== 'string' || entity.id.length === 0) throw new Error('a governance entity needs a non-empty string id');
  return entity.id;
}

/**
 * Every entity, grouped by kind, in the order the rows come (the stores read them by kind, then id).
 * Rows of a kind this build does not know are left out.
 */
export function entitiesFromRows(rows: Iterable<GovernanceRow>): GovernanceEntities {
  const entities: Record<GovernanceKind, unknown[]> = { virtual_keys: [], teams: [], customers: [], budgets: [], rate_limits: [] };
  for (const row of rows) {
    if (!Object.hasOwn(entities, row.kind)) continue;
    entities[row.kind as GovernanceKind].push(typeof row.body === 'string' ? JSON.parse(row.body) : row.body);
  }
  return entities as GovernanceEntities;
}

/** Every (kind, id, JSON body) that `seed` writes. */
export function rowsOfEntities(entities: GovernanceEntities): Array<{ kind: GovernanceKind; id: string; body: string }> {
  return governanceKinds.flatMap((kind) => (entities[kind] ?? []).map((entity: GovernanceEntity) => ({ kind, id: entityId(entity), body: JSON.stringify(entity) })));
}
