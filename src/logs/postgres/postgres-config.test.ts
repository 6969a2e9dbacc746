import { describe, expect, it } from 'vitest';
import { toPoolConfig } from './postgres-config.js';

describe('toPoolConfig', () => {
  it('maps Bifrost fields to a bounded pool with timeouts', () => {
    expect(toPoolConfig({ host: 'db', port: '6543', user: 'u', password: 'p', db_name: 'logs' })).toMatchObject({
      host: 'db', port: 6543, user: 'u', password: 'p', database: 'logs', ssl: false,
      max: 4, connectionTimeoutMillis: 2000, statement_timeout: 10_000, query_timeout: 12_000,
    });
  });

  it('prefers a connection string and leaves its sslmode alone unless ssl_mode is set', () => {
    const pool = toPoolConfig({ connection_string: 'postgres://u@db/logs?sslmode=require', host: 'ignored' });
    expect(pool).toMatchObject({ connectionString: 'postgres://u@db/logs?sslmode=require' });
    expect(pool.host).toBeUndefined();
    expect(pool.ssl).toBeUndefined();
    expect(toPoolConfig({ connection_string: 'postgres://db/logs', ssl_mode: 'verify-full' }).ssl).toEqual({ rejectUnauthorized: true });
  });

  it('maps each ssl_mode', () => {
    const ssl = (ssl_mode: Parameters<typeof toPoolConfig>[0]['ssl_mode']) => toPoolConfig({ ssl_mode }).ssl;
    expect([ssl('disable'), ssl('allow'), ssl('prefer'), ssl(undefined)]).toEqual([false, false, false, false]);
    expect(ssl('require')).toEqual({ rejectUnauthorized: false });
    expect(ssl('verify-ca')).toMatchObject({ rejectUnauthorized: true, checkServerIdentity: expect.any(Function) });
    expect(ssl('verify-full')).toEqual({ rejectUnauthorized: true });
  });

  it('takes the pool size and timeouts from the config', () => {
    expect(toPoolConfig({ max_connections: 8, connect_timeout_ms: 500, statement_timeout_ms: 1000, options: '-c search_path=x' })).toMatchObject({
      max: 8, connectionTimeoutMillis: 500, statement_timeout: 1000, query_timeout: 3000, options: '-c search_path=x',
    });
  });
});
