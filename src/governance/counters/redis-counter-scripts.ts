/**
 * Lua scripts of `RedisCounterStore`; each runs atomically, so instances sharing
 * one Redis never pass a limit together. Counters are integers in millionths
 * (`counter-units.ts`), added with `INCRBY`. KEYS are the counters'
 * `<prefix><key>:<windowStart>`; a standalone server, not a cluster (the keys of
 * one call may hash to different slots).
 */

/**
 * Adds when all fit. ARGV: 1 amount; 2..n+1 each counter's limit; n+2..2n+1 each
 * counter's time to live (ms). Returns `{0}` (added to all), or `{i, used}` for the
 * first counter `i` (1-based) that the amount would pass, adding nothing.
 */
export const consumeScript = `
local amount = tonumber(ARGV[1])
local n = #KEYS
for i = 1, n do
  local used = redis.call('GET', KEYS[i]) or '0'
  if tonumber(used) + amount > tonumber(ARGV[1 + i]) then return {i, used} end
end
for i = 1, n do
  redis.call('INCRBY', KEYS[i], ARGV[1])
  redis.call('PEXPIRE', KEYS[i], ARGV[1 + n + i])
end
return {0}
`;

/**
 * Whether every counter is below its limit. ARGV: each counter's limit. Returns
 * `{0}`, or `{i, used}` for the first counter `i` (1-based) at or past its limit.
 */
export const checkScript = `
for i = 1, #KEYS do
  local used = redis.call('GET', KEYS[i]) or '0'
  if tonumber(used) >= tonumber(ARGV[i]) then return {i, used} end
end
return {0}
`;

/** Adds without checking. ARGV: 1 amount; 2..n+1 each counter's time to live (ms). */
export const addScript = `
for i = 1, #KEYS do
  redis.call('INCRBY', KEYS[i], ARGV[1])
  redis.call('PEXPIRE', KEYS[i], ARGV[1 + i])
end
return 1
`;
