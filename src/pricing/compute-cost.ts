import type { Usage } from '../api/index.js';
import { costOf } from './cost-of.js';
import { findPrice, toOverrideMap } from './find-price.js';
import type { PriceOverride } from './model-price.js';

/**
 * What an answer cost in US dollars: the model's price (a config override, else
 * the bundled table; see `findPrice`) applied to its usage (see `costOf`).
 * `undefined` when the model is not priced. The gateway uses a `Pricer`, which
 * keeps the overrides and each model's price found.
 */
export function computeCost(provider: string, adapterId: string, model: string, usage: Usage, overrides?: Readonly<Record<string, PriceOverride>>): number | undefined {
  const price = findPrice(provider, adapterId, model, toOverrideMap(overrides));
  return price === undefined ? undefined : costOf(price, usage);
}
