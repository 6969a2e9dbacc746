import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { createScratchDatabase, postgresServer } from './postgres.js';
import type { StartedGateway } from './start-gateway.js';

/** Where a test's request logs go: a temporary app directory (SQLite) or a scratch PostgreSQL database. */
export interface LogStoreFixture {
  /** Options for `startGateway`: the app directory, or the `logs_store` section to merge into the config. */
  appDir: string | undefined;
  logsStore: Record<string, unknown> | undefined;
  dispose(): Promise<void>;
}

export async function sqliteFixture(): Promise<LogStoreFixture> {
  const appDir = mkdtempSync(join(tmpdir(), 'switchyard-logs-'));
  return { appDir, logsStore: { flush_interval_ms: 20 }, dispose: async () => rmSync(appDir, { recursive: true, force: true }) };
}

export async function postgresFixture(port: number = postgresServer.port): Promise<LogStoreFixture> {
  const database = await createScratchDatabase('sy_logs');
  return {
    appDir: undefined,
    logsStore: { enabled: true, type: 'postgres', flush_interval_ms: 20, config: { host: '127.0.0.1', port, user: postgresServer.user, db_name: database.name } },
    dispose: () => database.drop(),
  };
}

/** `GET /api/logs` (or `/api/logs/stats`) with the query `params`, as JSON; the status is checked. */
export async function getLogs(served: StartedGateway, params = '', path = '/api/logs', status = 200): Promise<any> {
  const response = await fetch(`${served.origin}${path}${params ? `?${params}` : ''}`);
  const body = await response.json();
  expect(response.status, JSON.stringify(body)).toBe(status);
  return body;
}

/** Waits until `count` entries are stored (entries are queued when a response ends, and written in the background); fails after 5 s. */
export async function waitForLogs(served: StartedGateway, count: number): Promise<void> {
  const deadline = Date.now() + 5_000;
  let stored = 0;
  while (Date.now() < deadline) {
    await served.gateway.logs!.flush();
    stored = (await getLogs(served, 'limit=1')).pagination.total_count;
    if (stored >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`expected ${count} stored request logs within 5 s, found ${stored}`);
}
