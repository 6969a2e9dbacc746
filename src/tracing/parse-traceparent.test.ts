import { describe, expect, it } from 'vitest';
import { formatTraceparent, parseTraceparent } from './parse-traceparent.js';

const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
const spanId = '00f067aa0ba902b7';

describe('parseTraceparent', () => {
  it('reads a sampled version-00 header as a remote span context', () => {
    expect(parseTraceparent(`00-${traceId}-${spanId}-01`)).toEqual({ traceId, spanId, traceFlags: 1, isRemote: true });
  });

  it('reads an unsampled header, upper-case hex and a later version with extra fields', () => {
    expect(parseTraceparent(`00-${traceId.toUpperCase()}-${spanId}-00`)?.traceFlags).toBe(0);
    expect(parseTraceparent(`01-${traceId}-${spanId}-01-later`)?.traceId).toBe(traceId);
  });

  it('refuses a missing, malformed, version ff, all-zero or over-long version-00 header', () => {
    for (const header of [undefined, ['a', 'b'], '', 'garbage', `ff-${traceId}-${spanId}-01`, `00-${'0'.repeat(32)}-${spanId}-01`, `00-${traceId}-${'0'.repeat(16)}-01`, `00-${traceId}-${spanId}-01-extra`, `00-${traceId}-${spanId}`]) {
      expect(parseTraceparent(header), String(header)).toBeUndefined();
    }
  });

  it('writes a span context back as the same header', () => {
    expect(formatTraceparent(parseTraceparent(`00-${traceId}-${spanId}-01`)!)).toBe(`00-${traceId}-${spanId}-01`);
    expect(formatTraceparent({ traceId, spanId, traceFlags: 0 })).toBe(`00-${traceId}-${spanId}-00`);
  });
});
