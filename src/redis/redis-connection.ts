import { Redis, type RedisOptions } from 'ioredis';

/** Where and how to reach the Redis server (`vector_store.config`). */
export interface RedisConnectionSettings {
  /** `host:port` (`[v6 address]:port`), or a `redis://` / `rediss://` URL. */
  addr: string;
  username?: string;
  password?: string;
  db?: number;
}

/**
 * Calls fail fast while Redis is unreachable instead of queueing (the cache then
 * misses and the provider answers): no offline queue, one retry per command, a
 * one-second connect and command timeout; the client keeps reconnecting in the
 * background, backing off to one attempt every two seconds.
 */
const failFast = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
  connectTimeout: 1_000,
  commandTimeout: 1_000,
  retryStrategy: (attempt: number) => Math.min(attempt * 100, 2_000),
} satisfies RedisOptions;

/** The ioredis options for `settings` (a URL's own credentials and database unless `settings` names them). */
export function redisClientOptions(settings: RedisConnectionSettings): RedisOptions {
  const credentials: RedisOptions = {};
  if (settings.username !== undefined) credentials.username = settings.username;
  if (settings.password !== undefined) credentials.password = settings.password;
  if (settings.db !== undefined) credentials.db = settings.db;
  return { ...hostAndPort(settings.addr), ...credentials, ...failFast };
}

/** Opens a client (it connects in the background; see `failFast`). */
export function createRedisClient(settings: RedisConnectionSettings): Redis {
  return new Redis(redisClientOptions(settings));
}

function hostAndPort(addr: string): RedisOptions {
  if (/^rediss?:\/\//i.test(addr)) return fromUrl(addr);
  const match = /^(?:\[([^\]]+)\]|([^:]+))(?::(\d+))?$/.exec(addr.trim());
  if (!match) throw new Error(`vector_store.config.addr: "${addr}" is not host:port or a redis:// URL`);
  const port = match[3] === undefined ? 6379 : Number(match[3]);
  if (port < 1 || port > 65_535) throw new Error(`vector_store.config.addr: port ${port} is out of range`);
  return { host: match[1] ?? match[2], port };
}

/** `redis://[user[:password]@]host[:port][/db]`; `rediss://` for TLS. */
function fromUrl(addr: string): RedisOptions {
  let url: URL;
  try {
    url = new URL(addr);
  } catch {
    throw new Error(`vector_store.config.addr: "${addr}" is not a valid redis:// URL`);
  }
  const options: RedisOptions = { host: url.hostname.replace(/^\[|\]$/g, ''), port: url.port === '' ? 6379 : Number(url.port) };
  if (url.username !== '') options.username = decodeURIComponent(url.username);
  if (url.password !== '') options.password = decodeURIComponent(url.password);
  const db = url.pathname.slice(1);
  if (db !== '') {
    if (!/^\d+$/.test(db)) throw new Error(`vector_store.config.addr: "${db}" is not a database number`);
    options.db = Number(db);
  }
  if (url.protocol.toLowerCase() === 'rediss:') options.tls = {};
  return options;
}

/**
 * Waits up to `timeoutMs` for a client's first connection; resolves to the error
 * when it did not connect in time (the client keeps reconnecting in the background).
 */
export function firstConnection(client: Redis, timeoutMs: number): Promise<Error | undefined> {
  if (client.status === 'ready') return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const done = (error?: Error) => {
      clearTimeout(timer);
      client.off('ready', onReady);
      client.off('error', done);
      resolve(error);
    };
    const onReady = () => done();
    const timer = setTimeout(() => done(new Error(`no connection within ${timeoutMs} ms`)), timeoutMs);
    client.once('ready', onReady);
    client.once('error', done);
  });
}
