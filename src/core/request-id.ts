import { randomUUID } from 'node:crypto';

/**
 * A new request id: a UUIDv7 (RFC 9562), whose first 48 bits are the time in
 * milliseconds. Ids made later sort later, so indexes on them (the request log's)
 * grow at their end instead of at random places. The other bits come from
 * `randomUUID` (Node's buffered random source; cheaper than drawing bytes here).
 */
export function newRequestId(now: number = Date.now()): string {
  const random = randomUUID();
  const time = now.toString(16).padStart(12, '0');
  // randomUUID: xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx; keep from after the version nibble.
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${random.slice(15)}`;
}
