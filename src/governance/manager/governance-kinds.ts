import type { z } from 'zod';
import { budgetSchema, customerSchema, rateLimitSchema, teamSchema, virtualKeySchema } from '../../config/governance-schema.js';
import type { GovernanceKind } from '../governance-store.js';

/** Each kind's path segment in `/api/governance/{kind}` (kebab-case, as URLs are written). */
export const kindByPath: ReadonlyMap<string, GovernanceKind> = new Map([
  ['virtual-keys', 'virtual_keys'],
  ['teams', 'teams'],
  ['customers', 'customers'],
  ['budgets', 'budgets'],
  ['rate-limits', 'rate_limits'],
]);

/** The schema one entity of each kind is validated with (the config's own). */
export const entitySchemas: { readonly [K in GovernanceKind]: z.ZodType } = {
  virtual_keys: virtualKeySchema,
  teams: teamSchema,
  customers: customerSchema,
  budgets: budgetSchema,
  rate_limits: rateLimitSchema,
};
