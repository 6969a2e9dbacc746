/**
 * One counter with a limit over a window: requests per minute, tokens per hour,
 * US dollars per month. `key` names the counter (`vk:<id>:requests`, ...); the
 * window is fixed: `windowMs` long, or a calendar period in UTC (`calendar`), starting
 * at the epoch (or the period's start) — every instance computes the same window.
 */
export interface WindowLimit {
  key: string;
  /** The most the window may hold (requests, tokens, or dollars). */
  limit: number;
  /** The window's length in milliseconds; ignored when `calendar` is set. */
  windowMs: number;
  /** A calendar window in UTC: the current month (`1M`) or year (`1Y`). */
  calendar?: 'month' | 'year';
}

/** The result of `consume`: allowed (and counted), or refused by the first full counter. */
export type ConsumeResult =
  | { allowed: true }
  | { allowed: false; key: string; limit: number; used: number; /** Until the refusing window ends. */ retryAfterMs: number };

/**
 * Shared counters for rate limits and budgets: in memory (one instance) or in
 * Redis (every instance counts in one place, atomically). Amounts may be
 * fractional (dollars). Every method may reject when the store is unreachable;
 * `GovernanceCounters` applies the configured fail-open or fail-closed policy.
 */
export interface CounterStore {
  readonly kind: 'memory' | 'redis';
  /**
   * Atomically: when every counter's value in its current window plus `amount` is
   * within its limit, adds `amount` to all of them and allows; otherwise adds
   * nothing and reports the first counter that would pass its limit.
   */
  consume(limits: readonly WindowLimit[], amount: number, now: number): Promise<ConsumeResult>;
  /**
   * Atomically: allows when every counter's value in its current window is below its
   * limit (a budget not yet spent); adds nothing.
   */
  check(limits: readonly WindowLimit[], now: number): Promise<ConsumeResult>;
  /** Adds `amount` to every counter's current window without checking (tokens and cost after an answer). */
  add(limits: readonly WindowLimit[], amount: number, now: number): Promise<void>;
  /** The counters' values in their current windows, in order. */
  read(limits: readonly WindowLimit[], now: number): Promise<number[]>;
  close(): Promise<void>;
}
