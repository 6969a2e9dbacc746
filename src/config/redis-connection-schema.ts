import { z } from 'zod';

/** How to reach a Redis server: the fields `vector_store.config` and `governance.counters.config` share. */
export const redisConnectionFields = {
  /** `host:port`, or a `redis://` / `rediss://` URL. */
  addr: z.string().min(1).optional(),
  username: z.string().optional(),
  password: z.string().optional(),
  db: z.number().int().min(0).optional(),
};
