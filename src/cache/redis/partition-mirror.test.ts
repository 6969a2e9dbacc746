import { describe, expect, it } from 'vitest';
import { PartitionMirror } from './partition-mirror.js';

/** A unit vector along `axis` of `dimensions`, tilted by `tilt` toward the next axis. */
function unit(axis: number, dimensions = 8, tilt = 0): Float32Array {
  const vector = new Float32Array(dimensions);
  vector[axis] = 1;
  vector[(axis + 1) % dimensions] = tilt;
  const norm = Math.hypot(...vector);
  return vector.map((value) => value / norm);
}

describe('PartitionMirror', () => {
  it('ranks candidates by similarity and stops below the minimum', () => {
    const mirror = new PartitionMirror(100);
    mirror.add('x', 1_000, unit(0), 0);
    mirror.add('x-ish', 1_000, unit(0, 8, 0.3), 0);
    mirror.add('y', 1_000, unit(1), 0);
    const found = mirror.candidates(unit(0), 0.9, 0, 4);
    expect(found.map(({ id }) => id)).toEqual(['x', 'x-ish']);
    expect(found[0].similarity).toBeCloseTo(1, 2);
    expect(found[1].similarity).toBeCloseTo(1 / Math.hypot(1, 0.3), 2);
  });

  it('never offers an expired entry, and drops the ones it meets', () => {
    const mirror = new PartitionMirror(100);
    mirror.add('old', 100, unit(0), 0);
    mirror.add('new', 1_000, unit(0, 8, 0.1), 0);
    expect(mirror.candidates(unit(0), 0.5, 100, 4).map(({ id }) => id)).toEqual(['new']);
    expect(mirror.has('old')).toBe(false);
    mirror.add('late', 50, unit(2), 100);
    expect(mirror.has('late')).toBe(false);
  });

  it('keeps at most its bound, dropping the oldest entries', () => {
    const mirror = new PartitionMirror(2);
    mirror.add('a', 1_000, unit(0), 0);
    mirror.add('b', 1_000, unit(1), 0);
    mirror.add('c', 1_000, unit(2), 0);
    expect(mirror.size).toBe(2);
    expect(mirror.has('a')).toBe(false);
    expect(mirror.candidates(unit(2), 0.9, 0, 4).map(({ id }) => id)).toEqual(['c']);
    expect(mirror.candidates(unit(1), 0.9, 0, 4).map(({ id }) => id)).toEqual(['b']);
  });

  it('finds the right entries after removals move rows', () => {
    const mirror = new PartitionMirror(100);
    for (let axis = 0; axis < 8; axis++) mirror.add(`e${axis}`, 1_000, unit(axis), 0);
    mirror.remove('e2');
    mirror.remove('e0');
    expect(mirror.size).toBe(6);
    for (const axis of [1, 3, 4, 5, 6, 7]) expect(mirror.candidates(unit(axis), 0.9, 0, 1)[0].id).toBe(`e${axis}`);
    expect(mirror.candidates(unit(2), 0.9, 0, 1)).toEqual([]);
  });

  it('ignores vectors of other dimensions than the first it holds', () => {
    const mirror = new PartitionMirror(100);
    mirror.add('eight', 1_000, unit(0), 0);
    mirror.add('four', 1_000, unit(0, 4), 0);
    expect(mirror.has('four')).toBe(false);
    expect(mirror.candidates(unit(0, 4), 0, 0, 4)).toEqual([]);
  });

  it('drops expired entries from the oldest end', () => {
    const mirror = new PartitionMirror(100);
    mirror.add('a', 10, unit(0), 0);
    mirror.add('b', 20, unit(1), 0);
    mirror.add('c', 1_000, unit(2), 0);
    mirror.dropExpiredOldest(15);
    expect([mirror.has('a'), mirror.has('b'), mirror.has('c')]).toEqual([false, true, true]);
  });
});
