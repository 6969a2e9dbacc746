import type { GovernanceConfig, RateLimitConfig } from '../config/governance-schema.js';
import type { WindowLimit } from './counters/counter-store.js';
import { resetWindow } from './reset-window.js';

/** A provider a virtual key may use, compiled: `models` undefined means every model, `keyNames` undefined every key. */
export interface AllowedProvider {
  provider: string;
  weight: number;
  models: ReadonlySet<string> | undefined;
  keyNames: readonly string[] | undefined;
}

/** A virtual key with its whole chain (key -> team -> customer) resolved into counter limits. */
export interface CompiledVirtualKey {
  id: string;
  name: string | undefined;
  active: boolean;
  teamId: string | undefined;
  customerId: string | undefined;
  /** Empty: every provider and model. */
  providers: readonly AllowedProvider[];
  /** US dollars: checked before a request, charged after it. */
  budgets: readonly WindowLimit[];
  /** One per request, consumed before the upstream call. */
  requestLimits: readonly WindowLimit[];
  /** Total tokens: checked before a request, charged after it. */
  tokenLimits: readonly WindowLimit[];
}

/** The governance config as lookup tables, built once at start (and again when it changes). */
export interface GovernancePolicy {
  readonly failureMode: 'open' | 'closed';
  /** By the value the caller presents. */
  readonly byValue: ReadonlyMap<string, CompiledVirtualKey>;
  readonly byId: ReadonlyMap<string, CompiledVirtualKey>;
}

/**
 * Compiles the config. Counter keys name the budget or rate limit (`budget:<id>`,
 * `rate:<id>:requests`, `rate:<id>:tokens`), so entities that share one share its
 * counter, and a limit that appears twice in a chain is counted once.
 */
export function compileGovernance(config: GovernanceConfig): GovernancePolicy {
  const budgets = new Map(config.budgets.map((budget) => [budget.id, budget]));
  const rateLimits = new Map(config.rate_limits.map((limit) => [limit.id, limit]));
  const teams = new Map(config.teams.map((team) => [team.id, team]));
  const customers = new Map(config.customers.map((customer) => [customer.id, customer]));
  const byValue = new Map<string, CompiledVirtualKey>();
  const byId = new Map<string, CompiledVirtualKey>();

  for (const key of config.virtual_keys) {
    const team = key.team_id === undefined ? undefined : teams.get(key.team_id);
    const customerId = key.customer_id ?? team?.customer_id;
    const customer = customerId === undefined ? undefined : customers.get(customerId);
    const chain = [key, team, customer].filter((entry) => entry !== undefined);

    const budgetLimits = unique(
      chain.flatMap((entry) => {
        const budget = entry.budget_id === undefined ? undefined : budgets.get(entry.budget_id);
        return budget === undefined ? [] : [{ key: `budget:${budget.id}`, limit: budget.max_limit, ...resetWindow(budget.reset_duration) }];
      }),
    );
    const limits = chain.flatMap((entry) => (entry.rate_limit_id === undefined ? [] : [rateLimits.get(entry.rate_limit_id)].filter((limit) => limit !== undefined)));
    const compiled: CompiledVirtualKey = {
      id: key.id,
      name: key.name,
      active: key.is_active,
      teamId: team?.id,
      customerId: customer?.id,
      providers: key.provider_configs.map((entry) => ({
        provider: entry.provider,
        weight: entry.weight,
        models: entry.allowed_models.length === 0 || entry.allowed_models.includes('*') ? undefined : new Set(entry.allowed_models),
        keyNames: entry.key_ids === undefined || entry.key_ids.includes('*') ? undefined : entry.key_ids,
      })),
      budgets: budgetLimits,
      requestLimits: unique(limits.flatMap((limit) => windowOf(limit, 'request'))),
      tokenLimits: unique(limits.flatMap((limit) => windowOf(limit, 'token'))),
    };
    byValue.set(key.value, compiled);
    byId.set(key.id, compiled);
  }
  return { failureMode: config.failure_mode, byValue, byId };
}

function windowOf(limit: RateLimitConfig, kind: 'request' | 'token'): WindowLimit[] {
  const max = limit[`${kind}_max_limit`];
  const duration = limit[`${kind}_reset_duration`];
  if (max === undefined || duration === undefined) return [];
  return [{ key: `rate:${limit.id}:${kind}s`, limit: max, ...resetWindow(duration) }];
}

function unique(limits: WindowLimit[]): WindowLimit[] {
  const seen = new Set<string>();
  return limits.filter((limit) => !seen.has(limit.key) && seen.add(limit.key));
}
