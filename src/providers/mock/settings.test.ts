import { describe, expect, it } from 'vitest';
import { mockSettings } from './settings.js';

const key = (config?: unknown) => ({ value: '', models: [], weight: 1, ...(config === undefined ? {} : { mock_key_config: config }) });

describe('mockSettings', () => {
  it('defaults to no latency, no chunk delay and 64 dimensions', () => {
    expect(mockSettings(key())).toEqual({ latencyMs: 0, chunkDelayMs: 0, dimensions: 64 });
  });

  it('reads latency_ms, stream_chunk_delay_ms and dimensions from mock_key_config', () => {
    expect(mockSettings(key({ latency_ms: 250, stream_chunk_delay_ms: 5, dimensions: 8 }))).toEqual({ latencyMs: 250, chunkDelayMs: 5, dimensions: 8 });
  });

  it('falls back to the defaults for values that are negative or not numbers', () => {
    expect(mockSettings(key({ latency_ms: -1, stream_chunk_delay_ms: '5', dimensions: null }))).toEqual({ latencyMs: 0, chunkDelayMs: 0, dimensions: 64 });
  });

  it('rounds dimensions down and keeps at least one', () => {
    expect(mockSettings(key({ dimensions: 12.7 })).dimensions).toBe(12);
    expect(mockSettings(key({ dimensions: 0 })).dimensions).toBe(1);
  });
});
