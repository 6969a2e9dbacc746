import { errors } from '../errors/index.js';

/** Caller headers, lower-case names (`RequestContext['headers']`). */
export type CallerHeaders = Readonly<Record<string, string | string[] | undefined>>;

/** What one request asks of the cache, read from its headers (Bifrost-compatible names). */
export interface RequestCacheOptions {
  /** `x-bf-cache-key`: a partition value mixed into both keys. */
  cacheKey: string | undefined;
  /** `x-bf-cache-ttl`, in milliseconds: how long this request's entry lives. */
  ttlMs: number | undefined;
  /** `x-bf-cache-threshold`: the lowest similarity this lookup accepts. */
  threshold: number | undefined;
  /** `x-bf-cache-type`: `direct` (exact matching only) or `semantic` (semantic only). */
  type: 'direct' | 'semantic' | undefined;
  /** `false` with `Cache-Control: no-cache`: do not look up (a fresh answer is still stored). */
  lookup: boolean;
  /** `false` with `Cache-Control: no-store` or `x-bf-cache-no-store: true`: do not store the answer. */
  store: boolean;
}

/** The longest `x-bf-cache-key` accepted. */
export const maxCacheKeyLength = 256;

/**
 * Reads the cache headers of a request. A malformed value rejects the request:
 * throws `invalid_request` (400) naming the header.
 */
export function readRequestCacheOptions(headers: CallerHeaders): RequestCacheOptions {
  const options: RequestCacheOptions = { cacheKey: undefined, ttlMs: undefined, threshold: undefined, type: undefined, lookup: true, store: true };

  const cacheKey = header(headers, 'x-bf-cache-key');
  if (cacheKey !== undefined && cacheKey !== '') {
    if (cacheKey.length > maxCacheKeyLength) throw errors.invalidRequest(`x-bf-cache-key may have at most ${maxCacheKeyLength} characters`, 'x-bf-cache-key');
    options.cacheKey = cacheKey;
  }

  const ttl = header(headers, 'x-bf-cache-ttl');
  if (ttl !== undefined) options.ttlMs = parseTtl(ttl);

  const threshold = header(headers, 'x-bf-cache-threshold');
  if (threshold !== undefined) {
    const value = /^\d*\.?\d+$/.test(threshold) ? Number(threshold) : Number.NaN;
    if (!(value >= 0 && value <= 1)) throw errors.invalidRequest(`x-bf-cache-threshold must be a number from 0 to 1, not '${threshold}'`, 'x-bf-cache-threshold');
    options.threshold = value;
  }

  const type = header(headers, 'x-bf-cache-type')?.toLowerCase();
  if (type !== undefined) {
    if (type !== 'direct' && type !== 'semantic') throw errors.invalidRequest(`x-bf-cache-type must be 'direct' or 'semantic', not '${type}'`, 'x-bf-cache-type');
    options.type = type;
  }

  const noStore = header(headers, 'x-bf-cache-no-store')?.toLowerCase();
  if (noStore !== undefined) {
    if (noStore !== 'true' && noStore !== 'false') throw errors.invalidRequest(`x-bf-cache-no-store must be 'true' or 'false', not '${noStore}'`, 'x-bf-cache-no-store');
    if (noStore === 'true') options.store = false;
  }

  const cacheControl = header(headers, 'cache-control');
  if (cacheControl !== undefined) {
    for (const directive of cacheControl.toLowerCase().split(',')) {
      const name = directive.trim();
      if (name === 'no-cache') options.lookup = false;
      else if (name === 'no-store') options.store = false;
    }
  }
  return options;
}

/** A duration: `500ms`, `30s`, `5m`, `1h`, `1d`, or a number of seconds. */
function parseTtl(text: string): number {
  const match = /^(\d+(?:\.\d+)?|\.\d+)(ms|s|m|h|d)?$/.exec(text);
  const ms = match ? Number(match[1]) * unitMs[(match[2] ?? 's') as keyof typeof unitMs] : Number.NaN;
  if (!(ms > 0) || !Number.isFinite(ms)) throw errors.invalidRequest(`x-bf-cache-ttl must be a positive duration such as '30s', '5m' or a number of seconds, not '${text}'`, 'x-bf-cache-ttl');
  return ms;
}

const unitMs = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** A header's value, trimmed; of a repeated header, the first. */
function header(headers: CallerHeaders, name: string): string | undefined {
  const value = headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first?.trim();
}
