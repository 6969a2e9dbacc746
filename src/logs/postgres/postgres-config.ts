import type { PoolConfig } from 'pg';

/** libpq's `sslmode` values. */
export type PostgresSslMode = 'disable' | 'allow' | 'prefer' | 'require' | 'verify-ca' | 'verify-full';

/**
 * Where the PostgreSQL log store connects (Bifrost's config shape). Either a
 * `connection_string` (`postgres://user:password@host:5432/db?sslmode=require`),
 * which wins when both are given, or the separate fields.
 */
export interface PostgresLogConfig {
  connection_string?: string;
  host?: string;
  /** A number or, as Bifrost writes it, a string of digits. */
  port?: number | string;
  user?: string;
  password?: string;
  db_name?: string;
  /** Default `disable`. `allow` and `prefer` connect without TLS: `pg` cannot fall back from TLS the way libpq does. */
  ssl_mode?: PostgresSslMode;
  /** Extra run-time options for every connection, as libpq's `options` (`-c search_path=logs`). */
  options?: string;
  /** Pool size; default 4. The log writer batches, so a few connections are enough. */
  max_connections?: number;
  /** How long a connection attempt may take before the call rejects; default 2000 ms. */
  connect_timeout_ms?: number;
  /** Server-side limit on one statement; default 10000 ms. */
  statement_timeout_ms?: number;
}

/** The `pg` TLS setting for an `ssl_mode`. */
function toSsl(mode: PostgresSslMode | undefined): PoolConfig['ssl'] {
  switch (mode ?? 'disable') {
    case 'disable':
    case 'allow':
    case 'prefer':
      return false;
    case 'require':
      return { rejectUnauthorized: false };
    case 'verify-ca':
      // The chain is checked, the host name is not (libpq's verify-ca).
      return { rejectUnauthorized: true, checkServerIdentity: () => undefined };
    case 'verify-full':
      return { rejectUnauthorized: true };
  }
}

/** The `pg.Pool` options of a config: bounded pool, connect and statement timeouts. */
export function toPoolConfig(config: PostgresLogConfig): PoolConfig {
  const statementTimeout = config.statement_timeout_ms ?? 10_000;
  const pool: PoolConfig = {
    max: config.max_connections ?? 4,
    connectionTimeoutMillis: config.connect_timeout_ms ?? 2_000,
    idleTimeoutMillis: 30_000,
    statement_timeout: statementTimeout,
    // A server that stops answering (a dead network path) is not caught by statement_timeout.
    query_timeout: statementTimeout + 2_000,
    keepAlive: true,
    application_name: 'switchyard-logs',
  };
  if (config.options !== undefined) pool.options = config.options;
  if (config.connection_string !== undefined) {
    pool.connectionString = config.connection_string;
    if (config.ssl_mode !== undefined) pool.ssl = toSsl(config.ssl_mode);
    return pool;
  }
  return {
    ...pool,
    host: config.host ?? 'localhost',
    port: config.port === undefined ? 5432 : Number(config.port),
    user: config.user,
    password: config.password,
    database: config.db_name,
    ssl: toSsl(config.ssl_mode),
  };
}
