import { join } from 'node:path';
import type { ConfigStoreConfig } from '../../config/schema.js';
import type { Logger } from '../../logging/logger.js';
import type { GovernanceStore } from '../governance-store.js';
import { openPostgresGovernanceStore } from '../store/postgres-governance-store.js';
import { openSqliteGovernanceStore } from '../store/sqlite-governance-store.js';

/**
 * The store `config_store` names: PostgreSQL, or SQLite (its `config.path`, else
 * `<appDir>/config.db`). `undefined` — entities live in memory only — when the store is
 * disabled, or when there is neither a `config_store` nor an app directory.
 */
export function openGovernanceStore(settings: ConfigStoreConfig | undefined, appDir: string | undefined, logger: Logger): Promise<GovernanceStore> | undefined {
  if (settings?.enabled === false) return undefined;
  if (settings?.type === 'postgres') {
    return openPostgresGovernanceStore(settings.config, { onError: (error) => logger.warn({ err: error }, 'governance config store: PostgreSQL connection error') });
  }
  const path = settings?.config.path ?? (appDir === undefined ? undefined : join(appDir, 'config.db'));
  return path === undefined ? undefined : openSqliteGovernanceStore({ path });
}
