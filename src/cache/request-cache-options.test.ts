import { describe, expect, it } from 'vitest';
import { isGatewayError } from '../errors/index.js';
import { readRequestCacheOptions } from './request-cache-options.js';

function rejection(headers: Record<string, string>) {
  try {
    readRequestCacheOptions(headers);
  } catch (error) {
    if (isGatewayError(error)) return { status: error.status, code: error.code, param: error.param };
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('readRequestCacheOptions', () => {
  it('looks up and stores by default', () => {
    expect(readRequestCacheOptions({})).toEqual({ cacheKey: undefined, ttlMs: undefined, threshold: undefined, type: undefined, lookup: true, store: true });
  });

  it('reads x-bf-cache-key, and rejects one over 256 characters', () => {
    expect(readRequestCacheOptions({ 'x-bf-cache-key': 'tenant-a' }).cacheKey).toBe('tenant-a');
    expect(readRequestCacheOptions({ 'x-bf-cache-key': 'k'.repeat(256) }).cacheKey).toHaveLength(256);
    expect(rejection({ 'x-bf-cache-key': 'k'.repeat(257) })).toEqual({ status: 400, code: 'invalid_request', param: 'x-bf-cache-key' });
  });

  it.each([
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['250ms', 250],
    ['45', 45_000],
    ['1.5', 1_500],
  ])('reads x-bf-cache-ttl %s as %d ms', (value, ms) => {
    expect(readRequestCacheOptions({ 'x-bf-cache-ttl': value }).ttlMs).toBe(ms);
  });

  it.each(['soon', '-5', '0', '5x', ''])('rejects x-bf-cache-ttl %j', (value) => {
    expect(rejection({ 'x-bf-cache-ttl': value })).toMatchObject({ status: 400, param: 'x-bf-cache-ttl' });
  });

  it('reads x-bf-cache-threshold from 0 to 1 and rejects anything else', () => {
    expect(readRequestCacheOptions({ 'x-bf-cache-threshold': '0.95' }).threshold).toBe(0.95);
    expect(readRequestCacheOptions({ 'x-bf-cache-threshold': '0' }).threshold).toBe(0);
    expect(readRequestCacheOptions({ 'x-bf-cache-threshold': '1' }).threshold).toBe(1);
    for (const value of ['1.2', '-0.1', 'high', '']) expect(rejection({ 'x-bf-cache-threshold': value })).toMatchObject({ status: 400, param: 'x-bf-cache-threshold' });
  });

  it('reads x-bf-cache-type direct or semantic and rejects others', () => {
    expect(readRequestCacheOptions({ 'x-bf-cache-type': 'direct' }).type).toBe('direct');
    expect(readRequestCacheOptions({ 'x-bf-cache-type': 'Semantic' }).type).toBe('semantic');
    expect(rejection({ 'x-bf-cache-type': 'fuzzy' })).toMatchObject({ status: 400, param: 'x-bf-cache-type' });
  });

  it('reads x-bf-cache-no-store true or false and rejects others', () => {
    expect(readRequestCacheOptions({ 'x-bf-cache-no-store': 'true' }).store).toBe(false);
    expect(readRequestCacheOptions({ 'x-bf-cache-no-store': 'false' }).store).toBe(true);
    expect(rejection({ 'x-bf-cache-no-store': 'yes' })).toMatchObject({ status: 400, param: 'x-bf-cache-no-store' });
  });

  it('honours Cache-Control no-cache and no-store among other directives', () => {
    expect(readRequestCacheOptions({ 'cache-control': 'no-cache' })).toMatchObject({ lookup: false, store: true });
    expect(readRequestCacheOptions({ 'cache-control': 'No-Store' })).toMatchObject({ lookup: true, store: false });
    expect(readRequestCacheOptions({ 'cache-control': 'max-age=0, no-cache, no-store' })).toMatchObject({ lookup: false, store: false });
    expect(readRequestCacheOptions({ 'cache-control': 'max-age=60' })).toMatchObject({ lookup: true, store: true });
  });

  it('takes the first value of a repeated header', () => {
    expect(readRequestCacheOptions({ 'x-bf-cache-key': ['a', 'b'] }).cacheKey).toBe('a');
  });
});
