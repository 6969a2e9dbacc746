import type { IncomingMessage } from 'node:http';

/**
 * Reads one request header (by its lower-case name) from `rawHeaders`, without
 * making Node build the `req.headers` object: that object lives as long as the
 * request, and with thousands of slow requests in flight every object kept per
 * request costs garbage-collector time.
 */
export function rawHeader(req: IncomingMessage, name: string): string | undefined {
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const key = raw[i];
    if (key.length === name.length && (key === name || key.toLowerCase() === name)) return raw[i + 1];
  }
  return undefined;
}
