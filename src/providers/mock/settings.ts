import type { ProviderKey } from '../contract.js';

/** Behaviour of the mock provider, from a key's `mock_key_config`. */
export interface MockSettings {
  /** Milliseconds before the answer (or the first chunk) is sent. */
  latencyMs: number;
  /** Milliseconds between stream chunks. */
  chunkDelayMs: number;
  /** Length of the vectors `embed` returns, unless the request sets `dimensions`. */
  dimensions: number;
}

/** Reads `mock_key_config` (`latency_ms`, `stream_chunk_delay_ms`, `dimensions`) with defaults of 0, 0 and 64. */
export function mockSettings(key: ProviderKey): MockSettings {
  const config = (key.mock_key_config ?? {}) as Record<string, unknown>;
  const number = (value: unknown, fallback: number) => (typeof value === 'number' && value >= 0 ? value : fallback);
  return {
    latencyMs: number(config.latency_ms, 0),
    chunkDelayMs: number(config.stream_chunk_delay_ms, 0),
    dimensions: Math.max(1, Math.floor(number(config.dimensions, 64))),
  };
}
