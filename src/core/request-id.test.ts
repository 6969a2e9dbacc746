import { describe, expect, it } from 'vitest';
import { newRequestId } from './request-id.js';

describe('newRequestId', () => {
  it('is a UUIDv7 whose first 48 bits are the time', () => {
    const id = newRequestId(Date.UTC(2026, 10, 25, 12));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(Date.UTC(2026, 10, 25, 12));
  });

  it('sorts later ids after earlier ones, and never repeats', () => {
    const ids = Array.from({ length: 1000 }, (_, i) => newRequestId(1_700_000_000_000 + i));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(Array.from({ length: 10_000 }, () => newRequestId())).size).toBe(10_000);
  });
});
