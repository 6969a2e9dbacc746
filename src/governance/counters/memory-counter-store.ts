import type { ConsumeResult, CounterStore, WindowLimit } from './counter-store.js';
import { fromCounterUnits, limitInCounterUnits, toCounterUnits } from './counter-units.js';
import { counterWindow } from './counter-window.js';

interface Slot {
  name: string;
  key: string;
  limit: number;
  /** `limit` in millionths. */
  ceiling: number;
  end: number;
}

interface Counter {
  value: number;
  end: number;
}

/** Ended windows are dropped at most once per this much (injected) time. */
const sweepIntervalMs = 60_000;

/**
 * Counters of one gateway instance, in memory: fixed windows (or UTC calendar
 * months and years), counted in whole millionths (`counter-units.ts`) exactly as
 * `RedisCounterStore` counts them. Each counter window is its own entry
 * (`<key>:<windowStart>`, as in Redis); windows that have ended are dropped when a
 * call comes at least a minute after the last sweep. Calls are synchronous inside,
 * so each is atomic.
 */
export class MemoryCounterStore implements CounterStore {
  readonly kind = 'memory' as const;
  readonly #counters = new Map<string, Counter>();
  #nextSweep = -Infinity;

  /** Counter windows held (ended ones linger until the next sweep). */
  get size(): number {
    return this.#counters.size;
  }

  async consume(limits: readonly WindowLimit[], amount: number, now: number): Promise<ConsumeResult> {
    const units = toCounterUnits(amount);
    const slots = this.#slots(limits, now);
    for (const slot of slots) {
      const used = this.#value(slot);
      if (used + units > slot.ceiling) return refused(slot, used, now);
    }
    for (const slot of slots) this.#add(slot, units);
    return { allowed: true };
  }

  async check(limits: readonly WindowLimit[], now: number): Promise<ConsumeResult> {
    for (const slot of this.#slots(limits, now)) {
      const used = this.#value(slot);
      if (used >= slot.ceiling) return refused(slot, used, now);
    }
    return { allowed: true };
  }

  async add(limits: readonly WindowLimit[], amount: number, now: number): Promise<void> {
    const units = toCounterUnits(amount);
    for (const slot of this.#slots(limits, now)) this.#add(slot, units);
  }

  async read(limits: readonly WindowLimit[], now: number): Promise<number[]> {
    return this.#slots(limits, now).map((slot) => fromCounterUnits(this.#value(slot)));
  }

  async close(): Promise<void> {
    this.#counters.clear();
  }

  #slots(limits: readonly WindowLimit[], now: number): Slot[] {
    if (now >= this.#nextSweep) {
      for (const [name, counter] of this.#counters) if (counter.end <= now) this.#counters.delete(name);
      this.#nextSweep = now + sweepIntervalMs;
    }
    return limits.map((limit) => {
      const { start, end } = counterWindow(limit, now);
      return { name: `${limit.key}:${start}`, key: limit.key, limit: limit.limit, ceiling: limitInCounterUnits(limit.limit), end };
    });
  }

  #value(slot: Slot): number {
    return this.#counters.get(slot.name)?.value ?? 0;
  }

  #add(slot: Slot, units: number): void {
    const counter = this.#counters.get(slot.name);
    if (counter === undefined) this.#counters.set(slot.name, { value: units, end: slot.end });
    else counter.value += units;
  }
}

function refused(slot: Slot, used: number, now: number): ConsumeResult {
  return { allowed: false, key: slot.key, limit: slot.limit, used: fromCounterUnits(used), retryAfterMs: Math.max(1, slot.end - now) };
}
