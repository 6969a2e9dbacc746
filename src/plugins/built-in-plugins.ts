import type { CacheMetrics } from '../cache/cache-metrics.js';
import type { CacheStore } from '../cache/cache-store.js';
import { openCacheStore } from '../cache/open-cache-store.js';
import { createSemanticCachePlugin } from '../cache/semantic-cache-plugin.js';
import { semanticCacheConfigSchema } from '../config/cache-schema.js';
import type { Config } from '../config/schema.js';
import type { Gateway } from '../gateway-api.js';
import type { Logger } from '../logging/logger.js';
import type { Plugin } from './contract.js';
import { governanceSchema, type GovernanceConfig } from '../config/governance-schema.js';
import { GovernanceManager } from '../governance/manager/governance-manager.js';
import { openGovernanceStore } from '../governance/manager/open-governance-store.js';
import { openRedisGovernanceSync } from '../governance/manager/governance-sync.js';
import type { CounterStore } from '../governance/counters/counter-store.js';
import { randomUUID } from 'node:crypto';
import { createGovernancePlugin, type GovernancePlugin } from '../governance/governance-plugin.js';
import { MemoryCounterStore } from '../governance/counters/memory-counter-store.js';
import { openRedisCounterStore } from '../governance/counters/redis-counter-store.js';
import { DeferredCounterStore } from '../governance/counters/deferred-counter-store.js';

/** What built-in plugins may use of the gateway that loads them. */
export interface BuiltInPluginServices {
  embed: Gateway['embed'];
  appDir: string | undefined;
  logger: Logger;
  cacheMetrics: CacheMetrics;
  /** Where `SWITCHYARD_ADMIN_KEY` is read (`process.env` by default). */
  env?: Readonly<Record<string, string | undefined>>;
}

/** The plugins a config turns on, in its order, and the cache's store when the cache is one of them. */
export interface BuiltInPlugins {
  plugins: Plugin[];
  cache: CacheStore | undefined;
  /** The governance plugin, when the config has a `governance` section. */
  governance: GovernancePlugin | undefined;
  /** The management API's view of governance (with the plugin); `start()` loads the config store. */
  governanceManager: GovernanceManager | undefined;
}

/**
 * Creates the built-in plugins the config's `plugins` list enables (their configs
 * were validated with the config). Names that are not built in were reported as
 * warnings then and are skipped here.
 */
export function createBuiltInPlugins(config: Config, services: BuiltInPluginServices): BuiltInPlugins {
  const plugins: Plugin[] = [];
  let cache: CacheStore | undefined;
  // Governance runs first: a request it refuses reaches neither the cache nor a provider.
  // An admin key alone turns it on too: entities may then come from the management API.
  const adminKey = config.client.admin_key ?? (services.env ?? process.env).SWITCHYARD_ADMIN_KEY ?? undefined;
  const settings = config.governance ?? (adminKey === undefined || adminKey === '' ? undefined : governanceSchema.parse({}));
  const created = settings === undefined ? undefined : createGovernance(settings, config.client.enforce_auth_on_inference === true, services.logger);
  const governance = created?.plugin;
  if (governance !== undefined) plugins.push(governance);
  const governanceManager =
    created === undefined || settings === undefined
      ? undefined
      : new GovernanceManager({
          config: settings,
          plugin: created.plugin,
          counters: created.counters,
          store: openGovernanceStore(config.config_store, services.appDir, services.logger),
          sync:
            settings.counters?.type === 'redis'
              ? openRedisGovernanceSync({ addr: settings.counters.config.addr!, username: settings.counters.config.username, password: settings.counters.config.password, db: settings.counters.config.db, keyPrefix: settings.counters.config.key_prefix, instanceId: randomUUID(), logger: services.logger })
              : undefined,
          adminKey: adminKey === '' ? undefined : adminKey,
          logger: services.logger,
        });
  for (const entry of config.plugins) {
    if (!entry.enabled || entry.name !== 'semantic_cache') continue;
    const settings = semanticCacheConfigSchema.parse(entry.config ?? {});
    cache = openCacheStore(config.vector_store?.enabled === false ? undefined : config.vector_store, { appDir: services.appDir, maxEntries: settings.max_entries, logger: services.logger });
    plugins.push(createSemanticCachePlugin(settings, { store: cache, embed: services.embed, metrics: services.cacheMetrics, logger: services.logger }));
  }
  return { plugins, cache, governance, governanceManager };
}

/** The governance plugin over its counter store: in memory, or Redis (shared by every instance). */
function createGovernance(settings: GovernanceConfig, enforceAuth: boolean, logger: Logger): { plugin: GovernancePlugin; counters: CounterStore } {
  const store = settings.counters;
  const counters =
    store?.type === 'redis'
      ? new DeferredCounterStore('redis', openRedisCounterStore({ addr: store.config.addr!, username: store.config.username, password: store.config.password, db: store.config.db, keyPrefix: store.config.key_prefix, logger }))
      : new MemoryCounterStore();
  return { plugin: createGovernancePlugin(settings, { counters, logger, enforceAuth }), counters };
}
