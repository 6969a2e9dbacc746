import { describe, expect, it } from 'vitest';
import type { ProviderKey } from '../providers/contract.js';
import { keysForModel, pickWeighted } from './select-key.js';

const key = (name: string, models: string[], weight = 1): ProviderKey => ({ name, value: `sk-${name}`, models, weight });

/** A deterministic random source: `count` evenly spaced points of [0, 1). */
function evenly(count: number): () => number {
  let i = 0;
  return () => (i++ % count) / count;
}

function countPicks(keys: readonly ProviderKey[], draws: number): Record<string, number> {
  const random = evenly(draws);
  const counts: Record<string, number> = {};
  for (let i = 0; i < draws; i++) {
    const name = pickWeighted(keys, random).name!;
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}

describe('keysForModel', () => {
  it('treats an empty model list as serving every model', () => {
    const keys = [key('any', [])];
    expect(keysForModel(keys, 'gpt-4o')).toEqual(keys);
  });

  it('treats ["*"] as serving every model', () => {
    const keys = [key('star', ['*'])];
    expect(keysForModel(keys, 'o3-mini')).toEqual(keys);
  });

  it('keeps keys that list the model by name and drops those that do not', () => {
    const mini = key('mini', ['gpt-4o-mini']);
    const big = key('big', ['gpt-4o', 'o3']);
    const all = key('all', []);
    const keys = [mini, big, all];
    expect(keysForModel(keys, 'gpt-4o-mini')).toEqual([mini, all]);
    expect(keysForModel(keys, 'o3')).toEqual([big, all]);
    expect(keysForModel(keys, 'unknown-model')).toEqual([all]);
  });

  it('returns no keys when none serves the model', () => {
    expect(keysForModel([key('mini', ['gpt-4o-mini'])], 'gpt-4o')).toEqual([]);
  });

  it('matches model names exactly', () => {
    expect(keysForModel([key('mini', ['gpt-4o-mini'])], 'gpt-4o-mini-2024-07-18')).toEqual([]);
  });

  it('returns the same answer when asked again for the same keys', () => {
    const keys = [key('a', ['m1']), key('b', ['m2'])];
    const first = keysForModel(keys, 'm1');
    expect(keysForModel(keys, 'm1')).toBe(first);
    expect(keysForModel(keys, 'm2')).toEqual([keys[1]]);
  });
});

describe('pickWeighted', () => {
  it('returns the only key without drawing', () => {
    const only = key('only', []);
    expect(pickWeighted([only], () => {
      throw new Error('should not draw');
    })).toBe(only);
  });

  it('picks keys in proportion to their weight', () => {
    const counts = countPicks([key('a', [], 1), key('b', [], 3)], 1000);
    expect(counts).toEqual({ a: 250, b: 750 });
  });

  it('spreads picks evenly over keys of equal weight', () => {
    expect(countPicks([key('a', [], 2), key('b', [], 2), key('c', [], 2), key('d', [], 2)], 1000)).toEqual({ a: 250, b: 250, c: 250, d: 250 });
  });

  it('picks by where the random draw falls on the cumulative weights', () => {
    const keys = [key('a', [], 1), key('b', [], 2), key('c', [], 1)];
    expect(pickWeighted(keys, () => 0).name).toBe('a');
    expect(pickWeighted(keys, () => 0.249).name).toBe('a');
    expect(pickWeighted(keys, () => 0.25).name).toBe('b');
    expect(pickWeighted(keys, () => 0.749).name).toBe('b');
    expect(pickWeighted(keys, () => 0.75).name).toBe('c');
    expect(pickWeighted(keys, () => 0.999999).name).toBe('c');
  });

  it('never picks a key of weight 0 while another has weight', () => {
    const counts = countPicks([key('off', [], 0), key('on', [], 1), key('also-off', [], 0)], 1000);
    expect(counts).toEqual({ on: 1000 });
  });

  it('picks uniformly among keys when every weight is 0', () => {
    expect(countPicks([key('a', [], 0), key('b', [], 0)], 1000)).toEqual({ a: 500, b: 500 });
  });
});
