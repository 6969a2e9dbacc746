import type { BudgetConfig, RateLimitConfig } from '../../config/governance-schema.js';
import type { CounterStore, WindowLimit } from '../counters/counter-store.js';
import type { GovernanceEntities, GovernanceEntity, GovernanceKind } from '../governance-store.js';
import { resetWindow } from '../reset-window.js';

/** A budget's spending in its current period. */
export interface BudgetUsage {
  budget_id: string;
  /** US dollars spent this period. */
  spent: number;
  max_limit: number;
  reset_duration: string;
}

/** A rate limit's use in its current windows (each present when the limit has that pair). */
export interface RateLimitUsage {
  rate_limit_id: string;
  requests?: { used: number; max_limit: number; reset_duration: string };
  tokens?: { used: number; max_limit: number; reset_duration: string };
}

/** What `GET /api/governance/{kind}/{id}` adds as `usage`: the entity's own budget and rate limit (or itself, for those kinds). */
export interface EntityUsage {
  budget?: BudgetUsage;
  rate_limit?: RateLimitUsage;
}

/**
 * Reads an entity's current usage from the counter store, with the counter keys
 * `compileGovernance` uses (`budget:<id>`, `rate:<id>:requests`, `rate:<id>:tokens`).
 */
export async function entityUsage(entities: GovernanceEntities, kind: GovernanceKind, entity: GovernanceEntity, counters: CounterStore, now: number): Promise<EntityUsage> {
  const refs = entity as { id: string; budget_id?: string; rate_limit_id?: string };
  const budgetId = kind === 'budgets' ? refs.id : kind === 'rate_limits' ? undefined : refs.budget_id;
  const rateLimitId = kind === 'rate_limits' ? refs.id : kind === 'budgets' ? undefined : refs.rate_limit_id;
  const budget = budgetId === undefined ? undefined : entities.budgets.find((entry) => entry.id === budgetId);
  const rateLimit = rateLimitId === undefined ? undefined : entities.rate_limits.find((entry) => entry.id === rateLimitId);
  const [budgetUsage, rateLimitUsage] = await Promise.all([
    budget === undefined ? undefined : readBudget(budget, counters, now),
    rateLimit === undefined ? undefined : readRateLimit(rateLimit, counters, now),
  ]);
  const usage: EntityUsage = {};
  if (budgetUsage !== undefined) usage.budget = budgetUsage;
  if (rateLimitUsage !== undefined) usage.rate_limit = rateLimitUsage;
  return usage;
}

async function readBudget(budget: BudgetConfig, counters: CounterStore, now: number): Promise<BudgetUsage> {
  const [spent] = await counters.read([{ key: `budget:${budget.id}`, limit: budget.max_limit, ...resetWindow(budget.reset_duration) }], now);
  return { budget_id: budget.id, spent: spent ?? 0, max_limit: budget.max_limit, reset_duration: budget.reset_duration };
}

async function readRateLimit(limit: RateLimitConfig, counters: CounterStore, now: number): Promise<RateLimitUsage> {
  const usage: RateLimitUsage = { rate_limit_id: limit.id };
  const windows: { kind: 'requests' | 'tokens'; limit: WindowLimit; duration: string }[] = [];
  if (limit.request_max_limit !== undefined && limit.request_reset_duration !== undefined) {
    windows.push({ kind: 'requests', duration: limit.request_reset_duration, limit: { key: `rate:${limit.id}:requests`, limit: limit.request_max_limit, ...resetWindow(limit.request_reset_duration) } });
  }
  if (limit.token_max_limit !== undefined && limit.token_reset_duration !== undefined) {
    windows.push({ kind: 'tokens', duration: limit.token_reset_duration, limit: { key: `rate:${limit.id}:tokens`, limit: limit.token_max_limit, ...resetWindow(limit.token_reset_duration) } });
  }
  if (windows.length === 0) return usage;
  const values = await counters.read(windows.map((window) => window.limit), now);
  windows.forEach((window, index) => {
    usage[window.kind] = { used: values[index] ?? 0, max_limit: window.limit.limit, reset_duration: window.duration };
  });
  return usage;
}
