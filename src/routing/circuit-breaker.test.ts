import { describe, expect, it } from 'vitest';
import { circuitBreakerSchema } from '../config/routing-schema.js';
import { CircuitBreaker, toCircuitSettings } from './circuit-breaker.js';

const settings = toCircuitSettings(circuitBreakerSchema.parse({ cooldown_seconds: 10, half_open_probes: 2 }));

describe('CircuitBreaker', () => {
  it('stays closed on failures that do not trip it, and opens on one that does', () => {
    const circuit = new CircuitBreaker();
    expect(circuit.failed(0, false, settings)).toBe(false);
    expect(circuit.state(0)).toBe('closed');
    expect(circuit.failed(1, true, settings)).toBe(true);
    expect(circuit.state(1)).toBe('open');
    expect(circuit.admits(1, settings)).toBe(false);
    expect(circuit.halfOpenAt(1)).toBe(10_001);
  });

  it('turns half-open once the cooldown passed, and closes when every probe succeeded', () => {
    const circuit = new CircuitBreaker();
    circuit.failed(0, true, settings);
    expect(circuit.state(9_999)).toBe('open');
    expect(circuit.state(10_000)).toBe('half-open');
    expect(circuit.halfOpenAt(10_000)).toBeUndefined();
    circuit.started(10_000);
    circuit.started(10_000);
    expect(circuit.admits(10_000, settings)).toBe(false);
    expect(circuit.succeeded(10_050, settings)).toBe(false);
    expect(circuit.admits(10_050, settings)).toBe(false);
    expect(circuit.succeeded(10_060, settings)).toBe(true);
    expect(circuit.state(10_060)).toBe('closed');
  });

  it('opens again for a full cooldown when a probe fails', () => {
    const circuit = new CircuitBreaker();
    circuit.failed(0, true, settings);
    circuit.started(10_000);
    expect(circuit.failed(10_100, false, settings)).toBe(true);
    expect(circuit.state(10_100)).toBe('open');
    expect(circuit.halfOpenAt(10_100)).toBe(20_100);
  });

  it('gives a probe its place back when it ends saying nothing about the target', () => {
    const circuit = new CircuitBreaker();
    circuit.failed(0, true, settings);
    circuit.started(10_000);
    circuit.started(10_000);
    circuit.released(10_010);
    expect(circuit.admits(10_010, settings)).toBe(true);
    expect(circuit.state(10_010)).toBe('half-open');
  });

  it('ignores outcomes while open', () => {
    const circuit = new CircuitBreaker();
    circuit.failed(0, true, settings);
    expect(circuit.failed(5, true, settings)).toBe(false);
    expect(circuit.succeeded(6, settings)).toBe(false);
    expect(circuit.halfOpenAt(6)).toBe(10_000);
  });

  it('does not count a success that was not a probe toward closing', () => {
    const circuit = new CircuitBreaker();
    circuit.failed(0, true, settings);
    expect(circuit.succeeded(10_000, settings)).toBe(false);
    expect(circuit.state(10_000)).toBe('half-open');
  });
});
