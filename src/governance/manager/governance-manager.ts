import { errors } from '../../errors/index.js';
import { governanceSchema, type GovernanceConfig } from '../../config/governance-schema.js';
import type { Logger } from '../../logging/logger.js';
import type { CounterStore } from '../counters/counter-store.js';
import type { GovernancePlugin } from '../governance-plugin.js';
import { governanceKinds, type GovernanceEntities, type GovernanceEntity, type GovernanceKind, type GovernanceStore } from '../governance-store.js';
import { entityUsage, type EntityUsage } from './entity-usage.js';
import { entitySchemas } from './governance-kinds.js';
import type { GovernanceChange, GovernanceSync } from './governance-sync.js';

/** What a `GovernanceManager` works with. */
export interface GovernanceManagerOptions {
  /** The validated `governance` section of config.json: seeds a new store; its `failure_mode` and `counters` always apply. */
  config: GovernanceConfig;
  plugin: GovernancePlugin;
  /** Where `usage` is read from (the plugin's counter store). */
  counters: CounterStore;
  /** Where entities persist (opened by `start`); `undefined`: in memory only (no app directory and no `config_store`). */
  store: Promise<GovernanceStore> | undefined;
  /** Tells other instances about changes (with Redis counters); `undefined`: one instance. */
  sync: GovernanceSync | undefined;
  /** The management API's key; `undefined`: the API is off (`admin_disabled`). */
  adminKey: string | undefined;
  logger: Logger;
  now?: () => number;
}

/**
 * Holds the governance entities and changes them for the management API: each change
 * is validated with the whole resulting set (`governanceSchema`, so references stay
 * consistent), saved to the store, applied to the plugin (the next request sees it),
 * and published to the other instances, which apply and save it too. Changes are
 * applied one at a time, in order.
 *
 * At start the store is loaded; a store never seeded gets config.json's entities. From
 * then on the store is the source of truth: config.json's entities are not read again.
 */
export class GovernanceManager {
  readonly adminKey: string | undefined;
  #entities: GovernanceEntities;
  readonly #settings: Pick<GovernanceConfig, 'failure_mode' | 'counters'>;
  readonly #options: GovernanceManagerOptions;
  #queue: Promise<unknown> = Promise.resolve();
  #store: GovernanceStore | undefined;
  #started: Promise<void> | undefined;

  constructor(options: GovernanceManagerOptions) {
    this.#options = options;
    this.adminKey = options.adminKey;
    const { failure_mode, counters, ...entities } = options.config;
    this.#settings = { failure_mode, counters };
    this.#entities = entities;
  }

  /** Loads (or seeds) the store and subscribes to other instances' changes; never rejects (a store that fails is logged, and config.json's entities serve). */
  start(): Promise<void> {
    this.#started ??= this.#serialize(async () => {
      const { sync, logger } = this.#options;
      try {
        this.#store = await this.#options.store;
      } catch (error) {
        logger.error({ err: error }, 'could not open the governance config store; changes made through the management API will not persist');
      }
      const store = this.#store;
      if (store !== undefined) {
        try {
          const loaded = await store.load();
          if (loaded === undefined) await store.seed(this.#entities);
          else this.#use(this.#validated(loaded));
        } catch (error) {
          logger.error({ err: error, store: store.kind }, 'could not load governance entities from the config store; serving those of config.json');
        }
      }
      await sync?.start((change) => void this.#applyRemote(change));
    });
    return this.#started;
  }

  /** Every entity of a kind. */
  list<K extends GovernanceKind>(kind: K): readonly GovernanceEntity<K>[] {
    return this.#entities[kind] as readonly GovernanceEntity<K>[];
  }

  /** One entity, or `undefined`. */
  get<K extends GovernanceKind>(kind: K, id: string): GovernanceEntity<K> | undefined {
    return this.list(kind).find((entity) => entity.id === id);
  }

  /** The entity's budget and rate limit use in their current windows; `undefined` when the counter store does not answer. */
  async usage(kind: GovernanceKind, entity: GovernanceEntity): Promise<EntityUsage | undefined> {
    try {
      return await entityUsage(this.#entities, kind, entity, this.#options.counters, (this.#options.now ?? Date.now)());
    } catch (error) {
      this.#options.logger.warn({ err: error }, 'could not read governance usage from the counter store');
      return undefined;
    }
  }

  /** Adds an entity; `governance_entity_exists` when its id is taken. */
  create<K extends GovernanceKind>(kind: K, body: unknown): Promise<GovernanceEntity<K>> {
    return this.#serialize(async () => {
      const entity = parseEntity(kind, body);
      if (this.get(kind, entity.id) !== undefined) throw errors.governanceEntityExists(kind, entity.id);
      return this.#commit(kind, { ...this.#entities, [kind]: [...this.list(kind), entity] }, { kind, op: 'save', entity });
    });
  }

  /** Replaces the entity with this id (the body's `id`, if any, must be the same). */
  replace<K extends GovernanceKind>(kind: K, id: string, body: unknown): Promise<GovernanceEntity<K>> {
    return this.#serialize(async () => {
      if (this.get(kind, id) === undefined) throw errors.governanceEntityNotFound(kind, id);
      const given = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
      if (given !== undefined && given.id !== undefined && given.id !== id) throw errors.invalidRequest(`The body's id '${String(given.id)}' is not the path's '${id}'; ids cannot be changed.`, 'id');
      const entity = parseEntity(kind, given === undefined ? body : { ...given, id });
      const next = this.list(kind).map((existing) => (existing.id === id ? entity : existing));
      return this.#commit(kind, { ...this.#entities, [kind]: next }, { kind, op: 'save', entity });
    });
  }

  /** Deletes the entity; `governance_conflict` when another entity refers to it. */
  remove(kind: GovernanceKind, id: string): Promise<void> {
    return this.#serialize(async () => {
      if (this.get(kind, id) === undefined) throw errors.governanceEntityNotFound(kind, id);
      const next = (this.#entities[kind] as readonly GovernanceEntity[]).filter((existing) => existing.id !== id);
      await this.#commit(kind, { ...this.#entities, [kind]: next }, { kind, op: 'remove', id });
    });
  }

  /** Stops listening to other instances and closes the store. */
  async close(): Promise<void> {
    await this.#options.sync?.close();
    await this.#queue.catch(() => undefined);
    await this.#store?.close();
  }

  /** Validates the whole set, saves, applies, publishes; returns the saved entity. */
  async #commit<K extends GovernanceKind>(kind: K, candidate: GovernanceEntities, change: DistributiveOmit<GovernanceChange, 'origin'>): Promise<GovernanceEntity<K>> {
    const entities = this.#checked(candidate, change);
    const saved = change.op === 'save' ? (entities[kind] as GovernanceEntity<K>[]).find((entity) => entity.id === change.entity.id)! : undefined;
    const { sync } = this.#options;
    const store = this.#store;
    try {
      if (saved !== undefined) await store?.save(kind, saved);
      else if (change.op === 'remove') await store?.remove(kind, change.id);
    } catch (error) {
      throw errors.governanceStoreUnavailable(error);
    }
    this.#use(entities);
    if (sync !== undefined) await sync.publish(saved === undefined ? { ...change, origin: sync.instanceId } as GovernanceChange : { origin: sync.instanceId, kind, op: 'save', entity: saved });
    return saved as GovernanceEntity<K>;
  }

  /** A change another instance made (already validated there): applied and saved here, idempotently. */
  async #applyRemote(change: GovernanceChange): Promise<void> {
    await this.#serialize(async () => {
      const { logger } = this.#options;
      const store = this.#store;
      try {
        const kept = (this.#entities[change.kind] as readonly GovernanceEntity[]).filter((entity) => entity.id !== (change.op === 'save' ? change.entity.id : change.id));
        if (change.op === 'save') {
          const entity = parseEntity(change.kind, change.entity);
          const existing = this.#entities[change.kind] as readonly GovernanceEntity[];
          const at = existing.findIndex((item) => item.id === entity.id);
          const next = at === -1 ? [...existing, entity] : existing.map((item, index) => (index === at ? entity : item));
          this.#use({ ...this.#entities, [change.kind]: next });
          await store?.save(change.kind, entity);
        } else {
          this.#use({ ...this.#entities, [change.kind]: kept });
          await store?.remove(change.kind, change.id);
        }
      } catch (error) {
        logger.warn({ err: error, kind: change.kind, op: change.op, origin: change.origin }, 'could not apply a governance change from another instance');
      }
    });
  }

  #use(entities: GovernanceEntities): void {
    this.#entities = entities;
    this.#options.plugin.update({ ...entities, ...this.#settings });
  }

  /** The whole set through `governanceSchema`: a broken reference is a 409 naming the entity and field. */
  #checked(candidate: GovernanceEntities, change: DistributiveOmit<GovernanceChange, 'origin'>): GovernanceEntities {
    const result = governanceSchema.safeParse({ ...candidate, ...this.#settings });
    if (result.success) {
      const { failure_mode: _failureMode, counters: _counters, ...entities } = result.data;
      return entities;
    }
    const issue = result.error.issues[0]!;
    const [section, index, ...field] = issue.path;
    const entity = typeof section === 'string' && typeof index === 'number' ? (candidate[section as GovernanceKind] as readonly GovernanceEntity[])[index] : undefined;
    const where = entity === undefined ? issue.path.join('.') : `${String(section)} '${entity.id}'${field.length > 0 ? `.${field.join('.')}` : ''}`;
    const what = change.op === 'remove' ? `deleting ${change.kind} '${change.id}': ` : '';
    throw errors.governanceConflict(`${what}${where}: ${issue.message}`, where);
  }

  /** Entities read from the store, with defaults applied; invalid ones are a start error logged by `start`. */
  #validated(loaded: GovernanceEntities): GovernanceEntities {
    const { failure_mode: _failureMode, counters: _counters, ...entities } = governanceSchema.parse({ ...emptyEntities(), ...loaded, ...this.#settings });
    return entities;
  }

  #serialize<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work, work);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function emptyEntities(): GovernanceEntities {
  return Object.fromEntries(governanceKinds.map((kind) => [kind, []])) as unknown as GovernanceEntities;
}

/** One entity through its kind's schema; an invalid body is a 400 naming the field. */
function parseEntity<K extends GovernanceKind>(kind: K, body: unknown): GovernanceEntity<K> {
  const result = entitySchemas[kind].safeParse(body);
  if (result.success) return result.data as GovernanceEntity<K>;
  const issue = result.error.issues[0]!;
  const field = issue.path.join('.');
  throw errors.invalidRequest(field === '' ? `Invalid ${kind} entry: ${issue.message}` : `Invalid ${kind} entry: ${field}: ${issue.message}`, field === '' ? undefined : field);
}
