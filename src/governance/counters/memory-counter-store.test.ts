import { describe, expect, it } from 'vitest';
import { MemoryCounterStore } from './memory-counter-store.js';

// Shared behaviour: counter-store.test.ts.
describe('MemoryCounterStore', () => {
  it('drops windows that have ended once a minute has passed since the last sweep', async () => {
    const counters = new MemoryCounterStore();
    const limits = Array.from({ length: 100 }, (_, index) => ({ key: `k${index}`, limit: 10, windowMs: 1_000 }));
    await counters.add(limits, 1, 0);
    expect(counters.size).toBe(100);
    await counters.add([limits[0]], 1, 30_000);
    expect(counters.size).toBe(101);
    await counters.add([limits[0]], 1, 60_000);
    expect(counters.size).toBe(1);
    expect(await counters.read([limits[0]], 60_000)).toEqual([1]);
  });
});
