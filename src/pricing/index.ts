export { computeCost } from './compute-cost.js';
export { costOf } from './cost-of.js';
export { findPrice } from './find-price.js';
export type { ModelPrice, PriceFamily, PriceOverride } from './model-price.js';
export { modelNameCandidates } from './model-name-candidates.js';
export { Pricer } from './pricer.js';
export { familyOfAdapter, priceTable } from '../providers/price-table.js';
export { toChatUsage, usageOfAnswer } from './usage-of-answer.js';
