import type { Redis } from 'ioredis';
import { createRedisClient, firstConnection, type RedisConnectionSettings } from '../../redis/redis-connection.js';
import type { Logger } from '../../logging/logger.js';
import { rateLimitedWarn } from '../../logging/rate-limited-warn.js';
import type { ConsumeResult, CounterStore, WindowLimit } from './counter-store.js';
import { fromCounterUnits, limitInCounterUnits, toCounterUnits } from './counter-units.js';
import { counterWindow } from './counter-window.js';
import { addScript, checkScript, consumeScript } from './redis-counter-scripts.js';

/** What `openRedisCounterStore` needs. */
export interface RedisCounterStoreOptions extends RedisConnectionSettings {
  /** Prefix of every counter key (`<prefix><key>:<windowStart>`). */
  keyPrefix: string;
  /** Where to warn (at most every 30 s) while Redis is unreachable; silent without one. */
  logger?: Logger;
}

type ScriptedRedis = Redis & {
  counterConsume(numberOfKeys: number, ...keysThenArguments: string[]): Promise<[number, string?]>;
  counterCheck(numberOfKeys: number, ...keysThenArguments: string[]): Promise<[number, string?]>;
  counterAdd(numberOfKeys: number, ...keysThenArguments: string[]): Promise<number>;
};

interface Slot {
  name: string;
  limit: number;
  ttlMs: number;
  end: number;
}

/** A counter key outlives its window by this much (instances' clocks differ a little). */
const expiryMarginMs = 60_000;
/** How long `openRedisCounterStore` waits for the first connection. */
const firstConnectionMs = 1_500;

/**
 * Counters shared by every gateway instance through one Redis server (plain
 * Redis, not a cluster). One key per counter window, `<prefix><key>:<windowStart>`,
 * holding whole millionths (`counter-units.ts`) and expiring a minute after its
 * window ends (`PEXPIRE`, relative to the caller's `now`). `consume`, `check` and
 * `add` are one Lua script each (atomic across instances); `read` is one `MGET`.
 *
 * One `key` is one counter with one window: two limits with different windows
 * need different keys. While Redis is unreachable every call rejects at once (no
 * offline queue) or within the one-second command timeout; the client reconnects
 * in the background.
 */
export class RedisCounterStore implements CounterStore {
  readonly kind = 'redis' as const;
  readonly #client: ScriptedRedis;
  readonly #prefix: string;

  constructor(client: Redis, options: Pick<RedisCounterStoreOptions, 'keyPrefix' | 'logger'>) {
    this.#client = client as ScriptedRedis;
    this.#prefix = options.keyPrefix;
    client.defineCommand('counterConsume', { lua: consumeScript });
    client.defineCommand('counterCheck', { lua: checkScript, readOnly: true });
    client.defineCommand('counterAdd', { lua: addScript });
    const logger = options.logger;
    const warn = logger === undefined ? undefined : rateLimitedWarn(logger);
    client.on('error', (error: Error) => warn?.({ err: error, store: 'redis' }, 'counter store: Redis unavailable; governance counters cannot be read or updated'));
  }

  async consume(limits: readonly WindowLimit[], amount: number, now: number): Promise<ConsumeResult> {
    const units = String(toCounterUnits(amount));
    if (limits.length === 0) return { allowed: true };
    const slots = this.#slots(limits, now);
    const [index, used] = await this.#client.counterConsume(
      slots.length,
      ...slots.map((slot) => slot.name),
      units,
      ...slots.map((slot) => String(limitInCounterUnits(slot.limit))),
      ...slots.map((slot) => String(slot.ttlMs)),
    );
    return index === 0 ? { allowed: true } : refused(limits[index - 1], slots[index - 1], used, now);
  }

  async check(limits: readonly WindowLimit[], now: number): Promise<ConsumeResult> {
    if (limits.length === 0) return { allowed: true };
    const slots = this.#slots(limits, now);
    const [index, used] = await this.#client.counterCheck(slots.length, ...slots.map((slot) => slot.name), ...slots.map((slot) => String(limitInCounterUnits(slot.limit))));
    return index === 0 ? { allowed: true } : refused(limits[index - 1], slots[index - 1], used, now);
  }

  async add(limits: readonly WindowLimit[], amount: number, now: number): Promise<void> {
    const units = String(toCounterUnits(amount));
    if (limits.length === 0) return;
    const slots = this.#slots(limits, now);
    await this.#client.counterAdd(slots.length, ...slots.map((slot) => slot.name), units, ...slots.map((slot) => String(slot.ttlMs)));
  }

  async read(limits: readonly WindowLimit[], now: number): Promise<number[]> {
    if (limits.length === 0) return [];
    const values = await this.#client.mget(this.#slots(limits, now).map((slot) => slot.name));
    return values.map((value) => fromCounterUnits(value === null ? 0 : Number(value)));
  }

  async close(): Promise<void> {
    if (this.#client.status === 'end') return;
    try {
      await this.#client.quit();
    } catch {
      this.#client.disconnect();
    }
  }

  #slots(limits: readonly WindowLimit[], now: number): Slot[] {
    return limits.map((limit) => {
      const { start, end } = counterWindow(limit, now);
      return { name: `${this.#prefix}${limit.key}:${start}`, limit: limit.limit, ttlMs: Math.max(1, Math.ceil(end - now)) + expiryMarginMs, end };
    });
  }
}

function refused(limit: WindowLimit, slot: Slot, used: string | undefined, now: number): ConsumeResult {
  return { allowed: false, key: limit.key, limit: limit.limit, used: fromCounterUnits(Number(used ?? 0)), retryAfterMs: Math.max(1, slot.end - now) };
}

/**
 * Opens a store on a new ioredis client (the gateway's fail-fast settings:
 * `createRedisClient`) and waits up to 1.5 s for the first connection; when Redis
 * is not reachable by then it warns and returns the store anyway (its calls reject
 * until the background reconnect succeeds).
 */
export async function openRedisCounterStore(options: RedisCounterStoreOptions): Promise<RedisCounterStore> {
  const client = createRedisClient(options);
  const store = new RedisCounterStore(client, options);
  const failure = await firstConnection(client, firstConnectionMs);
  if (failure !== undefined) options.logger?.warn({ err: failure, store: 'redis' }, 'counter store: Redis is not reachable yet; governance counters fail until it is');
  return store;
}

