import type { Usage } from '../api/index.js';
import { costOf } from './cost-of.js';
import { findPrice, toOverrideMap } from './find-price.js';
import type { ModelPrice, PriceOverride } from './model-price.js';

/** Models remembered at most: model names come from callers, so the memory they take is bounded. */
const maxRemembered = 10_000;

/**
 * Prices answers for one gateway: the config's overrides made a Map at start,
 * and each provider and model's price (or its absence) remembered once found,
 * so an answer's cost is one Map lookup and a few multiplications.
 */
export class Pricer {
  readonly #overrides: ReadonlyMap<string, ModelPrice>;
  readonly #found = new Map<string, ModelPrice | null>();

  constructor(overrides?: Readonly<Record<string, PriceOverride>>) {
    this.#overrides = toOverrideMap(overrides);
  }

  /** The price of `model` served by `provider` through the adapter `adapterId`, if known. */
  price(provider: string, adapterId: string, model: string): ModelPrice | undefined {
    const key = `${provider}/${model}`;
    let found = this.#found.get(key);
    if (found === undefined) {
      found = findPrice(provider, adapterId, model, this.#overrides) ?? null;
      if (this.#found.size < maxRemembered) this.#found.set(key, found);
    }
    return found ?? undefined;
  }

  /** What `usage` cost in US dollars, or `undefined` for a model without a price. */
  cost(provider: string, adapterId: string, model: string, usage: Usage): number | undefined {
    const price = this.price(provider, adapterId, model);
    return price === undefined ? undefined : costOf(price, usage);
  }
}
