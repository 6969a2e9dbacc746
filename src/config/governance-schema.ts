import { z } from 'zod';
import { redisConnectionFields } from './redis-connection-schema.js';

/**
 * A reset period: `30s`, `5m`, `1h`, `1d`, `1w` (fixed windows from the epoch), or
 * `1M` / `1Y` (the calendar month / year in UTC). Bifrost's syntax.
 */
export const resetDurationSchema = z
  .string()
  .regex(/^(\d+(\.\d+)?(ms|s|m|h|d|w)|1M|1Y)$/, 'a reset period such as "1m", "1h", "1d", "1w", "1M" (calendar month) or "1Y" (calendar year)')
  .refine((value) => !/^0+(\.0+)?[a-z]+$/.test(value), 'a reset period must be longer than zero');

const id = z.string().min(1);

/** A provider a virtual key may use, with its models, its weight and which of its keys (Bifrost `provider_configs[]`). */
export const virtualKeyProviderConfigSchema = z.object({
  provider: z.string().min(1),
  /** Share of bare-model requests sent to this provider, among the key's providers that allow the model. */
  weight: z.number().min(0).default(1),
  /** Models of this provider the key may use; empty or `["*"]`: all of them. */
  allowed_models: z.array(z.string().min(1)).default([]),
  /** Names of this provider's keys (`providers.<p>.keys[].name`) the key may use; absent or `["*"]`: all of them. */
  key_ids: z.array(z.string().min(1)).optional(),
});

/** A key the gateway hands out to a caller (Bifrost `governance.virtual_keys[]`). */
export const virtualKeySchema = z.object({
  id,
  name: z.string().optional(),
  description: z.string().optional(),
  /** The key the caller presents (`x-bf-vk`, a bearer token, `x-api-key`, `x-goog-api-key`); `env.NAME` works. */
  value: z.string().min(1),
  is_active: z.boolean().default(true),
  /** A key belongs to one team, or one customer, or neither (Bifrost: mutually exclusive). */
  team_id: id.optional(),
  customer_id: id.optional(),
  budget_id: id.optional(),
  rate_limit_id: id.optional(),
  /** Providers (and their models) the key may use; empty: every provider and model. */
  provider_configs: z.array(virtualKeyProviderConfigSchema).default([]),
});

/** A group of virtual keys with its own budget (Bifrost `governance.teams[]`). */
export const teamSchema = z.object({
  id,
  name: z.string().optional(),
  customer_id: id.optional(),
  budget_id: id.optional(),
  rate_limit_id: id.optional(),
});

/** The top of the chain: teams and keys belong to a customer (Bifrost `governance.customers[]`). */
export const customerSchema = z.object({
  id,
  name: z.string().optional(),
  budget_id: id.optional(),
  rate_limit_id: id.optional(),
});

/** A spending limit in US dollars per reset period (Bifrost `governance.budgets[]`). */
export const budgetSchema = z.object({
  id,
  max_limit: z.number().min(0),
  reset_duration: resetDurationSchema,
});

/** Requests and tokens per window (Bifrost `governance.rate_limits[]`); each pair is optional. */
export const rateLimitSchema = z
  .object({
    id,
    request_max_limit: z.number().int().min(0).optional(),
    request_reset_duration: resetDurationSchema.optional(),
    token_max_limit: z.number().int().min(0).optional(),
    token_reset_duration: resetDurationSchema.optional(),
  })
  .superRefine((limit, context) => {
    for (const kind of ['request', 'token'] as const) {
      if ((limit[`${kind}_max_limit`] === undefined) !== (limit[`${kind}_reset_duration`] === undefined)) {
        context.addIssue({
          code: 'custom',
          path: [`${kind}_max_limit`],
          message: `${kind}_max_limit and ${kind}_reset_duration go together: set both or neither`,
        });
      }
    }
  });

/** Bifrost's `governance` section, plus Switchyard's `failure_mode`. References between entries are checked. */
export const governanceSchema = z
  .object({
    virtual_keys: z.array(virtualKeySchema).default([]),
    teams: z.array(teamSchema).default([]),
    customers: z.array(customerSchema).default([]),
    budgets: z.array(budgetSchema).default([]),
    rate_limits: z.array(rateLimitSchema).default([]),
    /**
     * When the counter store (Redis) fails: `open` lets requests through and counts and logs
     * the failure; `closed` refuses them with 503 `governance_unavailable`.
     */
    failure_mode: z.enum(['open', 'closed']).default('open'),
    /**
     * Where rate-limit and budget counters live: `memory` (one instance) or `redis` (every
     * instance counts in one place). A Switchyard setting; Bifrost keeps counters in its config store.
     */
    counters: z
      .object({
        type: z.enum(['memory', 'redis']).default('memory'),
        config: z
          .object({
            ...redisConnectionFields,
            key_prefix: z.string().default('switchyard:governance:'),
          })
          .default({ key_prefix: 'switchyard:governance:' }),
      })
      .refine((counters) => counters.type !== 'redis' || counters.config.addr !== undefined, { message: 'a redis counter store needs config.addr', path: ['config', 'addr'] })
      .optional(),
  })
  .superRefine((governance, context) => {
    for (const problem of findGovernanceReferenceProblems(governance)) context.addIssue({ code: 'custom', path: problem.path, message: problem.message });
  });

export type GovernanceConfig = z.output<typeof governanceSchema>;
export type VirtualKeyConfig = z.output<typeof virtualKeySchema>;
export type TeamConfig = z.output<typeof teamSchema>;
export type CustomerConfig = z.output<typeof customerSchema>;
export type BudgetConfig = z.output<typeof budgetSchema>;
export type RateLimitConfig = z.output<typeof rateLimitSchema>;

/** A problem with references between governance entries: where, and what to do. */
export interface GovernanceReferenceProblem {
  path: (string | number)[];
  message: string;
}

type ReferenceInput = Pick<GovernanceConfig, 'virtual_keys' | 'teams' | 'customers' | 'budgets' | 'rate_limits'>;

/**
 * Unknown team, customer, budget or rate limit ids, duplicate ids or key values, and a key
 * attached to both a team and a customer. Paths are relative to the `governance` section.
 */
export function findGovernanceReferenceProblems(governance: ReferenceInput): GovernanceReferenceProblem[] {
  const problems: GovernanceReferenceProblem[] = [];
  const ids = (section: keyof ReferenceInput) => {
    const seen = new Set<string>();
    governance[section].forEach((entry, index) => {
      if (seen.has(entry.id)) problems.push({ path: [section, index, 'id'], message: `duplicate id '${entry.id}' in governance.${section}` });
      seen.add(entry.id);
    });
    return seen;
  };
  const known = { teams: ids('teams'), customers: ids('customers'), budgets: ids('budgets'), rate_limits: ids('rate_limits') };
  ids('virtual_keys');
  const check = (section: keyof ReferenceInput, index: number, field: string, value: string | undefined, target: keyof typeof known) => {
    if (value !== undefined && !known[target].has(value)) {
      problems.push({ path: [section, index, field], message: `unknown ${field.replace(/_id$/, '').replace('_', ' ')} '${value}': add it to governance.${target} or fix the id` });
    }
  };
  const values = new Set<string>();
  governance.virtual_keys.forEach((key, index) => {
    check('virtual_keys', index, 'team_id', key.team_id, 'teams');
    check('virtual_keys', index, 'customer_id', key.customer_id, 'customers');
    check('virtual_keys', index, 'budget_id', key.budget_id, 'budgets');
    check('virtual_keys', index, 'rate_limit_id', key.rate_limit_id, 'rate_limits');
    if (key.team_id !== undefined && key.customer_id !== undefined) {
      problems.push({ path: ['virtual_keys', index, 'customer_id'], message: 'a virtual key belongs to a team or to a customer, not both (the team names its customer)' });
    }
    if (values.has(key.value)) problems.push({ path: ['virtual_keys', index, 'value'], message: 'two virtual keys have the same value; each needs its own' });
    values.add(key.value);
  });
  governance.teams.forEach((team, index) => {
    check('teams', index, 'customer_id', team.customer_id, 'customers');
    check('teams', index, 'budget_id', team.budget_id, 'budgets');
    check('teams', index, 'rate_limit_id', team.rate_limit_id, 'rate_limits');
  });
  governance.customers.forEach((customer, index) => {
    check('customers', index, 'budget_id', customer.budget_id, 'budgets');
    check('customers', index, 'rate_limit_id', customer.rate_limit_id, 'rate_limits');
  });
  return problems;
}
