import type { WindowLimit } from './counter-store.js';

/** The window a counter is in at `now`: `[start, end)` in epoch milliseconds. */
export interface CounterWindow {
  start: number;
  end: number;
}

/**
 * The current window of `limit` at `now`. Fixed windows start at multiples of
 * `windowMs` since the epoch; calendar windows are the UTC month or year. Every
 * instance computes the same window for the same clock reading.
 */
export function counterWindow(limit: WindowLimit, now: number): CounterWindow {
  if (!Number.isFinite(now)) throw new RangeError(`counter "${limit.key}": now must be a finite time, got ${now}`);
  if (limit.calendar !== undefined) {
    const date = new Date(now);
    const year = date.getUTCFullYear();
    if (limit.calendar === 'year') return { start: Date.UTC(year, 0, 1), end: Date.UTC(year + 1, 0, 1) };
    const month = date.getUTCMonth();
    return { start: Date.UTC(year, month, 1), end: Date.UTC(year, month + 1, 1) };
  }
  const length = limit.windowMs;
  if (!Number.isSafeInteger(length) || length <= 0) throw new RangeError(`counter "${limit.key}": windowMs must be a positive whole number of milliseconds, got ${length}`);
  const start = Math.floor(now / length) * length;
  return { start, end: start + length };
}
