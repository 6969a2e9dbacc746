import { z } from 'zod';

/** `logs_store.config` for SQLite: the database file (default `<app-dir>/logs.db`). */
const sqliteConfigSchema = z.object({ path: z.string().min(1).optional() });

/** `logs_store.config` for PostgreSQL, in Bifrost's shape, or a `connection_string`. */
export const postgresConfigSchema = z.object({
  connection_string: z.string().min(1).optional(),
  host: z.string().min(1).optional(),
  /** A number or, as Bifrost writes it, a string. */
  port: z.union([z.number().int().min(1).max(65535), z.string().regex(/^\d{1,5}$/)]).optional(),
  user: z.string().optional(),
  password: z.string().optional(),
  db_name: z.string().optional(),
  /** `disable` (the default), `require`, `verify-ca` or `verify-full`. */
  ssl_mode: z.enum(['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full']).optional(),
  /** Connections the store may open. 4 by default. */
  max_connections: z.number().int().min(1).max(100).optional(),
});
export type PostgresLogsConfig = z.output<typeof postgresConfigSchema>;

/** Settings both kinds of store share. */
const writerSettings = {
  enabled: z.boolean().default(true),
  /** Days logs are kept; 0 keeps them forever. Default: `client.log_retention_days`, else 30. */
  retention_days: z.number().int().min(0).optional(),
  /** Entries that may wait to be written; more are dropped and counted. */
  queue_size: z.number().int().min(1).max(1_000_000).default(10_000),
  batch_size: z.number().int().min(1).max(10_000).default(500),
  flush_interval_ms: z.number().int().min(10).max(60_000).default(250),
  /**
   * Keep a trigram index of request and response content, so `content_search` is fast on
   * large logs. It makes every insert several times dearer (docs/observability.md); without
   * it content search scans the rows the other filters leave.
   */
  content_search_index: z.boolean().default(false),
  /** Characters of request and response content kept per entry; longer content is cut. */
  max_content_chars: z.number().int().min(0).max(10_000_000).default(65_536),
};

/**
 * `logs_store`: where request logs go (docs/observability.md, Request logs).
 * Bifrost's shape: `{ "enabled": true, "type": "sqlite" | "postgres", "config": {...} }`.
 */
export const logsStoreSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('sqlite'), config: sqliteConfigSchema.default({}), ...writerSettings }),
  z.object({ type: z.literal('postgres'), config: postgresConfigSchema, ...writerSettings }),
]);
export type LogsStoreConfig = z.output<typeof logsStoreSchema>;
