import { Redis } from 'ioredis';

/** The local Redis server the tests use; `.ci/ensure-services` starts it. */
export const redisServer = { host: '127.0.0.1', port: 6379 } as const;

/**
 * Whether the local Redis answers. Under CI it must: a suite that needs it fails
 * instead of skipping, so CI always runs it.
 */
export async function redisAvailable(): Promise<boolean> {
  const client = new Redis({ ...redisServer, lazyConnect: true, connectTimeout: 1_000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await client.connect();
    await client.ping();
    return true;
  } catch (error) {
    if (process.env.CI) throw new Error(`Redis is not reachable at ${redisServer.host}:${redisServer.port} under CI: ${(error as Error).message}`);
    console.warn(`skipping Redis tests: no server at ${redisServer.host}:${redisServer.port} (${(error as Error).message})`);
    return false;
  } finally {
    client.disconnect();
  }
}

/** Deletes every key under `prefix`. */
export async function deleteKeys(prefix: string): Promise<void> {
  const client = new Redis({ ...redisServer });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await client.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
}
