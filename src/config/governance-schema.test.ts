import { describe, expect, it } from 'vitest';
import { governanceSchema } from './governance-schema.js';

function problems(raw: unknown): string[] {
  const result = governanceSchema.safeParse(raw);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('governanceSchema', () => {
  it("reads Bifrost's governance section and fills its defaults", () => {
    const config = governanceSchema.parse({
      virtual_keys: [{ id: 'vk', value: 'sk-bf-1', provider_configs: [{ provider: 'openai', key_ids: ['*'] }] }],
      budgets: [{ id: 'b', max_limit: 10.5, reset_duration: '1M' }],
      rate_limits: [{ id: 'r', request_max_limit: 10, request_reset_duration: '1m' }],
    });
    expect(config.failure_mode).toBe('open');
    expect(config.teams).toEqual([]);
    expect(config.virtual_keys[0]).toMatchObject({ is_active: true, provider_configs: [{ provider: 'openai', weight: 1, allowed_models: [], key_ids: ['*'] }] });
  });

  it('accepts an empty section', () => {
    expect(governanceSchema.parse({})).toMatchObject({ virtual_keys: [], failure_mode: 'open' });
  });

  it.each(['30s', '5m', '1h', '1d', '1w', '1M', '1Y', '1.5h'])('accepts the reset period %s', (reset_duration) => {
    expect(problems({ budgets: [{ id: 'b', max_limit: 1, reset_duration }] })).toEqual([]);
  });

  it.each(['2M', '1y', 'month', '0s', '10'])('refuses the reset period %s', (reset_duration) => {
    expect(problems({ budgets: [{ id: 'b', max_limit: 1, reset_duration }] })).toHaveLength(1);
  });

  it('reports unknown team, customer, budget and rate limit ids with their paths', () => {
    expect(
      problems({
        virtual_keys: [{ id: 'vk', value: 'v', team_id: 'nope', budget_id: 'b-x', rate_limit_id: 'r-x' }],
        teams: [{ id: 't', customer_id: 'c-x' }],
        customers: [{ id: 'c', budget_id: 'b-y' }],
      }),
    ).toEqual([
      "virtual_keys.0.team_id: unknown team 'nope': add it to governance.teams or fix the id",
      "virtual_keys.0.budget_id: unknown budget 'b-x': add it to governance.budgets or fix the id",
      "virtual_keys.0.rate_limit_id: unknown rate limit 'r-x': add it to governance.rate_limits or fix the id",
      "teams.0.customer_id: unknown customer 'c-x': add it to governance.customers or fix the id",
      "customers.0.budget_id: unknown budget 'b-y': add it to governance.budgets or fix the id",
    ]);
  });

  it('refuses duplicate ids, duplicate key values and a key in both a team and a customer', () => {
    expect(
      problems({
        virtual_keys: [
          { id: 'vk', value: 'same', team_id: 't', customer_id: 'c' },
          { id: 'vk', value: 'same' },
        ],
        teams: [{ id: 't' }],
        customers: [{ id: 'c' }],
      }),
    ).toEqual([
      "virtual_keys.1.id: duplicate id 'vk' in governance.virtual_keys",
      'virtual_keys.0.customer_id: a virtual key belongs to a team or to a customer, not both (the team names its customer)',
      'virtual_keys.1.value: two virtual keys have the same value; each needs its own',
    ]);
  });

  it('requires a rate limit and its reset period together', () => {
    expect(problems({ rate_limits: [{ id: 'r', token_max_limit: 100 }] })).toEqual(['rate_limits.0.token_max_limit: token_max_limit and token_reset_duration go together: set both or neither']);
  });

  it('refuses an unknown failure_mode', () => {
    expect(problems({ failure_mode: 'maybe' })).toHaveLength(1);
  });
});
