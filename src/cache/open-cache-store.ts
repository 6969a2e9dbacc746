import { join } from 'node:path';
import type { VectorStoreConfig } from '../config/cache-schema.js';
import type { Logger } from '../logging/logger.js';
import type { CacheStore } from './cache-store.js';
import { DeferredCacheStore } from './deferred-cache-store.js';

/** What opening the cache's store needs besides `vector_store`. */
export interface CacheStoreOptions {
  /** The gateway's data directory: the embedded store persists to `<appDir>/cache.db`. */
  appDir: string | undefined;
  /** The embedded store's entry bound (`max_entries`). */
  maxEntries: number;
  logger: Logger;
}

/**
 * Opens the store `vector_store` names: Redis, or (by default) the embedded store,
 * persisted under the app directory when there is one, in memory otherwise. The
 * store opens in the background; calls wait for it.
 */
export function openCacheStore(vectorStore: VectorStoreConfig | undefined, options: CacheStoreOptions): CacheStore {
  const { logger } = options;
  let opening: Promise<CacheStore>;
  if (vectorStore?.type === 'redis') {
    const settings = vectorStore.config;
    if (settings.addr === undefined) throw new Error('vector_store: a redis store needs config.addr');
    opening = import('./redis/redis-cache-store.js').then(({ openRedisCacheStore }) =>
      openRedisCacheStore({ addr: settings.addr!, username: settings.username, password: settings.password, db: settings.db, keyPrefix: settings.key_prefix, logger }),
    );
  } else {
    const path = vectorStore?.config.path ?? (options.appDir === undefined ? undefined : join(options.appDir, 'cache.db'));
    opening = import('./embedded/embedded-cache-store.js').then(({ openEmbeddedCacheStore }) => openEmbeddedCacheStore({ path, maxEntries: options.maxEntries, logger }));
  }
  opening.catch((error: unknown) => logger.error({ err: error, type: vectorStore?.type ?? 'embedded' }, 'could not open the cache store; requests are served without the cache'));
  return new DeferredCacheStore(vectorStore?.type === 'redis' ? 'redis' : 'embedded', opening);
}
