/**
 * Counters hold whole millionths of their unit (micro-dollars, micro-requests,
 * micro-tokens): sums of fractional amounts are then exact in both stores
 * (`0.1 + 0.2` spends exactly `0.3`), Redis adds them with `INCRBY` (64-bit
 * integers), and its Lua scripts compare them exactly up to 2^53 millionths
 * (about 9 billion units per window). Amounts are rounded to the nearest millionth.
 */
export const counterScale = 1_000_000;

/** An amount to add, in millionths; rejects what a counter cannot hold exactly. */
export function toCounterUnits(amount: number): number {
  const units = Math.round(amount * counterScale);
  if (!Number.isFinite(amount) || amount < 0 || !Number.isSafeInteger(units)) {
    throw new RangeError(`counter amount must be a finite number from 0 to ${Number.MAX_SAFE_INTEGER / counterScale}, got ${amount}`);
  }
  return units;
}

/** A limit in millionths (an infinite limit stays out of reach). */
export function limitInCounterUnits(limit: number): number {
  if (Number.isNaN(limit)) throw new RangeError('counter limit must be a number, got NaN');
  return limit === Infinity ? Number.MAX_VALUE : Math.round(limit * counterScale);
}

/** A counter's value in its unit. */
export function fromCounterUnits(units: number): number {
  return units / counterScale;
}
