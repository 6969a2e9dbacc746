import { describe, expect, it } from 'vitest';
import { redisClientOptions } from './redis-connection.js';

describe('redisClientOptions', () => {
  it('reads host:port, a bare host and a bracketed IPv6 address', () => {
    expect(redisClientOptions({ addr: 'cache.internal:6380' })).toMatchObject({ host: 'cache.internal', port: 6380 });
    expect(redisClientOptions({ addr: 'localhost' })).toMatchObject({ host: 'localhost', port: 6379 });
    expect(redisClientOptions({ addr: '[::1]:7000' })).toMatchObject({ host: '::1', port: 7000 });
  });

  it('reads a redis:// URL, the configured credentials and database taking precedence over the URL’s', () => {
    expect(redisClientOptions({ addr: 'redis://me:s%40cret@cache:6390/2' })).toMatchObject({ host: 'cache', port: 6390, username: 'me', password: 's@cret', db: 2 });
    expect(redisClientOptions({ addr: 'redis://me:x@cache/2', username: 'u', password: 'p', db: 3 })).toMatchObject({ host: 'cache', port: 6379, username: 'u', password: 'p', db: 3 });
    expect(redisClientOptions({ addr: 'rediss://cache' }).tls).toEqual({});
    expect(() => redisClientOptions({ addr: 'redis://cache/zero' })).toThrow(/database number/);
  });

  it('fails fast instead of queueing while Redis is down', () => {
    expect(redisClientOptions({ addr: 'localhost' })).toMatchObject({ enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 1_000, commandTimeout: 1_000 });
  });

  it('rejects an address that is neither host:port nor a URL', () => {
    expect(() => redisClientOptions({ addr: 'a:b:c' })).toThrow(/not host:port/);
    expect(() => redisClientOptions({ addr: 'host:70000' })).toThrow(/out of range/);
  });
});
