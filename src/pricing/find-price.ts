import { fromPriceOverride, type ModelPrice, type PriceOverride } from './model-price.js';
import { modelNameCandidates } from './model-name-candidates.js';
import { familyOfAdapter, priceTable, type PriceFamilyName, vendorPrefixes } from '../providers/price-table.js';

/** The bundled table as Maps, built once: a model name such as `constructor` must not find an object's own properties. */
const families: ReadonlyMap<string, ReadonlyMap<string, ModelPrice>> = new Map(
  Object.entries(priceTable).map(([family, { models }]) => [family, new Map<string, ModelPrice>(Object.entries(models))]),
);

/** The config's `pricing` section as a Map, its keys `<provider>/<model>`. */
export function toOverrideMap(overrides: Readonly<Record<string, PriceOverride>> | undefined): ReadonlyMap<string, ModelPrice> {
  return new Map(Object.entries(overrides ?? {}).map(([key, override]) => [key, fromPriceOverride(override)]));
}

/**
 * The price of a model served by a provider (the configured name, `provider`)
 * through an adapter (`adapterId`): a config override for `<provider>/<name>` or
 * `<adapterId>/<name>` first, then the bundled table of the adapter's family, for
 * each of the model's names (`modelNameCandidates`) in turn. `undefined` when the
 * model is not priced.
 */
export function findPrice(provider: string, adapterId: string, model: string, overrides: ReadonlyMap<string, ModelPrice>): ModelPrice | undefined {
  const names = modelNameCandidates(model);
  if (overrides.size > 0) {
    for (const name of names) {
      const found = overrides.get(`${provider}/${name}`) ?? (adapterId === provider ? undefined : overrides.get(`${adapterId}/${name}`));
      if (found) return found;
    }
  }
  const family = families.get(familyOfAdapter[adapterId] ?? '');
  const prefixes = Object.hasOwn(vendorPrefixes, adapterId) ? vendorPrefixes[adapterId] : undefined;
  for (const name of names) {
    const found = family?.get(name) ?? (prefixes && fromVendor(prefixes, name));
    if (found) return found;
  }
  return undefined;
}

/** A `vendor/model` (or Bedrock `vendor.model`) id priced from the vendor's family. */
function fromVendor(prefixes: Readonly<Record<string, PriceFamilyName>>, name: string): ModelPrice | undefined {
  for (const [prefix, vendor] of Object.entries(prefixes)) {
    if (!name.startsWith(prefix)) continue;
    const models = families.get(vendor);
    for (const rest of modelNameCandidates(name.slice(prefix.length))) {
      const found = models?.get(rest);
      if (found) return found;
    }
  }
  return undefined;
}
