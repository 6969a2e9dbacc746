/**
 * Lua scripts (plain Redis, no modules; a standalone server, not a cluster: the
 * scripts reach entry keys named from an id they read). Each runs atomically in
 * one round trip.
 */

/**
 * The entry stored under an exact key. KEYS[1] = `k:<key>`; ARGV[1] = the entry key
 * prefix (`<prefix>e:`). Returns the entry JSON or nil.
 */
export const getExactScript = `
local id = redis.call('GET', KEYS[1])
if not id then return false end
return redis.call('GET', ARGV[1] .. id)
`;

/**
 * Stores an entry. KEYS: `e:<id>`, `k:<key>`, `r:<requestId>`, then `c:<cacheKey>` when
 * ARGV[5] is '1', then `p:<partition>` when ARGV[6] (raw float32 vector) is not empty.
 * ARGV: 1 entry JSON, 2 id, 3 ttl (ms), 4 entry key prefix, 5 has cache key,
 * 6 vector, 7 expiresAt, 8 stream bound. The entry an exact key pointed to before is
 * deleted (a put replaces it); index sets and the stream live as long as their
 * longest-lived entry.
 */
export const putScript = `
local ttl = tonumber(ARGV[3])
local function extend(key)
  if redis.call('PTTL', key) < ttl then redis.call('PEXPIRE', key, ttl) end
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ttl)
local previous = redis.call('GET', KEYS[2])
redis.call('SET', KEYS[2], ARGV[2], 'PX', ttl)
if previous and previous ~= ARGV[2] then redis.call('UNLINK', ARGV[4] .. previous) end
redis.call('SADD', KEYS[3], ARGV[2])
extend(KEYS[3])
local next = 4
if ARGV[5] == '1' then
  redis.call('SADD', KEYS[4], ARGV[2])
  extend(KEYS[4])
  next = 5
end
if ARGV[6] ~= '' then
  redis.call('XADD', KEYS[next], 'MAXLEN', '~', ARGV[8], '*', 'id', ARGV[2], 'exp', ARGV[7], 'v', ARGV[6])
  extend(KEYS[next])
end
return 1
`;
