import type { Redis } from 'ioredis';
import type { Logger } from '../../logging/logger.js';
import { createRedisClient, firstConnection, type RedisConnectionSettings } from '../../redis/redis-connection.js';
import type { GovernanceEntity, GovernanceKind } from '../governance-store.js';

/** One change made through an instance's management API, as published to the others. */
export type GovernanceChange =
  | { origin: string; kind: GovernanceKind; op: 'save'; entity: GovernanceEntity }
  | { origin: string; kind: GovernanceKind; op: 'remove'; id: string };

/** How instances tell each other about changes (Redis pub/sub), so each applies them without a restart. */
export interface GovernanceSync {
  /** This instance's id: changes it published come back to it and are skipped. */
  readonly instanceId: string;
  /** Subscribes; resolves once subscribed, or after a short wait when Redis is not there yet (it subscribes when it comes). */
  start(onChange: (change: GovernanceChange) => void): Promise<void>;
  /** Tells the other instances; a failure is logged, never thrown (the change is saved and applied here). */
  publish(change: GovernanceChange): Promise<void>;
  close(): Promise<void>;
}

/** Settings of `openRedisGovernanceSync`: the counters' Redis and key prefix. */
export interface RedisGovernanceSyncOptions extends RedisConnectionSettings {
  keyPrefix: string;
  instanceId: string;
  logger: Logger;
}

/**
 * Pub/sub on `<key_prefix>changes`: one client publishes, a `duplicate()` subscribes
 * (a subscribed ioredis client can do nothing else). The subscription is renewed on
 * every reconnect. A change published while an instance is disconnected from Redis is
 * not replayed to it: it sees the change at its next restart (from a shared PostgreSQL
 * store), or not at all with its own SQLite file.
 */
export function openRedisGovernanceSync(options: RedisGovernanceSyncOptions): GovernanceSync {
  const { keyPrefix, instanceId, logger } = options;
  const channel = `${keyPrefix}changes`;
  const publisher: Redis = createRedisClient(options);
  const subscriber: Redis = publisher.duplicate();
  const quiet = (client: Redis) => client.on('error', (error: Error) => logger.debug({ err: error }, 'governance sync: Redis connection error'));
  quiet(publisher);
  quiet(subscriber);
  let subscribed: Promise<unknown> | undefined;

  return {
    instanceId,
    start(onChange) {
      subscriber.on('message', (from: string, message: string) => {
        if (from !== channel) return;
        let change: GovernanceChange;
        try {
          change = JSON.parse(message) as GovernanceChange;
        } catch (error) {
          logger.warn({ err: error }, 'governance sync: ignored a message that is not JSON');
          return;
        }
        if (change.origin === instanceId) return;
        onChange(change);
      });
      const subscribe = () => (subscribed = subscriber.subscribe(channel).catch((error: unknown) => logger.warn({ err: error }, 'governance sync: could not subscribe')));
      subscriber.on('ready', subscribe);
      if (subscriber.status === 'ready') subscribe();
      return firstConnection(subscriber, 1_500).then(async (error) => {
        if (error !== undefined) logger.warn({ err: error }, 'governance sync: Redis is not reachable yet; changes from other instances apply once it is');
        await subscribed;
      });
    },
    async publish(change) {
      try {
        await publisher.publish(channel, JSON.stringify(change));
      } catch (error) {
        logger.warn({ err: error, kind: change.kind, op: change.op }, 'governance sync: could not publish a change; other instances see it after their restart');
      }
    },
    async close() {
      subscriber.disconnect();
      publisher.disconnect();
    },
  };
}
