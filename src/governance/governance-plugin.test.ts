import { describe, expect, it, vi } from 'vitest';
import { governanceSchema, type GovernanceConfig } from '../config/governance-schema.js';
import { createRequestContext, type RequestContext } from '../core/request-context.js';
import { GatewayError } from '../errors/index.js';
import type { Logger } from '../logging/logger.js';
import type { PluginRequest } from '../plugins/contract.js';
import type { CounterStore } from './counters/counter-store.js';
import { MemoryCounterStore } from './counters/memory-counter-store.js';
import { createGovernancePlugin, type GovernancePluginOptions } from './governance-plugin.js';
import { governanceOf, virtualKeyOf } from './virtual-key-of.js';

const minute = 60_000;

function config(raw: Record<string, unknown>): GovernanceConfig {
  return governanceSchema.parse(raw);
}

function testLogger(): Logger {
  return { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn(), fatal: vi.fn() };
}

function setup(raw: Record<string, unknown>, options: Partial<GovernancePluginOptions> = {}) {
  const counters = options.counters ?? new MemoryCounterStore();
  const logger = options.logger ?? testLogger();
  let time = Date.UTC(2026, 0, 10, 12, 0, 30);
  const plugin = createGovernancePlugin(config(raw), { counters, logger, now: () => time, enforceAuth: false, ...options });
  return { plugin, counters, logger, advance: (ms: number) => (time += ms) };
}

function chat(headers: Record<string, string>, model = 'openai/gpt-4o-mini', operation: 'chat' | 'chat-stream' = 'chat'): PluginRequest & { context: RequestContext } {
  return { operation, request: { model, messages: [{ role: 'user', content: 'hi' }] }, context: createRequestContext({ headers }) };
}

async function rejection(promise: unknown): Promise<GatewayError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayError);
    return error as GatewayError;
  }
  throw new Error('expected the request to be refused');
}

/** Runs a request through the plugin as the gateway does: onRequest, then (if allowed) onResponse with its cost and usage. */
async function serve(plugin: ReturnType<typeof setup>['plugin'], request: PluginRequest, costUsd: number, totalTokens = 100, streamed?: boolean) {
  await plugin.onRequest!(request);
  request.context.costUsd = costUsd;
  request.context.usage = { prompt_tokens: totalTokens / 2, completion_tokens: totalTokens / 2, total_tokens: totalTokens };
  await plugin.onResponse!(request, { shortCircuited: false, usage: request.context.usage, ...(streamed === undefined ? { response: undefined } : { streamed }) });
}

const keys = {
  virtual_keys: [
    { id: 'vk-app', value: 'sk-bf-app', rate_limit_id: 'rl-app', budget_id: 'b-app', team_id: 'platform' },
    { id: 'vk-old', value: 'sk-bf-old', is_active: false },
    { id: 'vk-other', value: 'sk-bf-other', team_id: 'platform' },
  ],
  teams: [{ id: 'platform', customer_id: 'acme', budget_id: 'b-team' }],
  customers: [{ id: 'acme', budget_id: 'b-acme' }],
  budgets: [
    { id: 'b-app', max_limit: 100, reset_duration: '1M' },
    { id: 'b-team', max_limit: 100, reset_duration: '1d' },
    { id: 'b-acme', max_limit: 100, reset_duration: '1Y' },
  ],
  rate_limits: [{ id: 'rl-app', request_max_limit: 1000, request_reset_duration: '1m', token_max_limit: 1_000_000, token_reset_duration: '1h' }],
};

describe('governance plugin: who may call', () => {
  it('lets a request without a virtual key through when enforcement is off', async () => {
    const { plugin } = setup(keys);
    const request = chat({ authorization: 'Bearer sk-provider-key' });
    await plugin.onRequest!(request);
    expect(virtualKeyOf(request.context)).toBeUndefined();
  });

  it('refuses a request without a virtual key with 401 virtual_key_required when enforcement is on', async () => {
    const { plugin } = setup(keys, { enforceAuth: true });
    const error = await rejection(plugin.onRequest!(chat({})));
    expect({ status: error.status, code: error.code, type: error.type }).toEqual({ status: 401, code: 'virtual_key_required', type: 'authentication_error' });
  });

  it('refuses a bearer token that is not a virtual key with 401 virtual_key_invalid when enforcement is on', async () => {
    const { plugin } = setup(keys, { enforceAuth: true });
    const error = await rejection(plugin.onRequest!(chat({ authorization: 'Bearer sk-provider-key' })));
    expect({ status: error.status, code: error.code }).toEqual({ status: 401, code: 'virtual_key_invalid' });
  });

  it('refuses an unknown x-bf-vk with 401 virtual_key_invalid even when enforcement is off', async () => {
    const { plugin } = setup(keys);
    const error = await rejection(plugin.onRequest!(chat({ 'x-bf-vk': 'nope' })));
    expect({ status: error.status, code: error.code }).toEqual({ status: 401, code: 'virtual_key_invalid' });
  });

  it('refuses an inactive virtual key with 401 virtual_key_invalid', async () => {
    const { plugin } = setup(keys);
    const error = await rejection(plugin.onRequest!(chat({ 'x-bf-vk': 'sk-bf-old' })));
    expect({ status: error.status, code: error.code }).toEqual({ status: 401, code: 'virtual_key_invalid' });
  });

  it.each([
    ['x-bf-vk', 'sk-bf-app'],
    ['authorization', 'Bearer sk-bf-app'],
    ['x-api-key', 'sk-bf-app'],
    ['x-goog-api-key', 'sk-bf-app'],
  ])('accepts the virtual key in %s and records its chain', async (header, value) => {
    const { plugin } = setup(keys, { enforceAuth: true });
    const request = chat({ [header]: value });
    await plugin.onRequest!(request);
    expect(virtualKeyOf(request.context)).toBe('vk-app');
    expect(governanceOf(request.context)).toMatchObject({ virtualKeyId: 'vk-app', teamId: 'platform', customerId: 'acme' });
  });

  it('does not pass a virtual key sent as a provider credential on as a direct key', async () => {
    const { plugin } = setup(keys);
    const request = chat({ 'x-api-key': 'sk-bf-app' });
    request.context.directKey = 'sk-bf-app';
    await plugin.onRequest!(request);
    expect(request.context.directKey).toBeUndefined();
  });
});

describe('governance plugin: models and providers', () => {
  const allowList = {
    virtual_keys: [
      {
        id: 'vk-routed',
        value: 'sk-bf-routed',
        provider_configs: [
          { provider: 'openai', weight: 3, allowed_models: ['gpt-4o-mini'], key_ids: ['openai-primary'] },
          { provider: 'azure', weight: 1, allowed_models: ['gpt-4o-mini', 'gpt-4o'] },
          { provider: 'anthropic', allowed_models: ['*'], key_ids: ['*'] },
        ],
      },
    ],
  };

  it('refuses a provider the virtual key does not list with 403 model_not_allowed', async () => {
    const { plugin } = setup(allowList);
    const error = await rejection(plugin.onRequest!(chat({ 'x-bf-vk': 'sk-bf-routed' }, 'groq/llama-3')));
    expect({ status: error.status, code: error.code, type: error.type, param: error.param }).toEqual({ status: 403, code: 'model_not_allowed', type: 'permission_error', param: 'model' });
  });

  it('refuses a model outside the provider allow-list with 403 model_not_allowed', async () => {
    const { plugin } = setup(allowList);
    const error = await rejection(plugin.onRequest!(chat({ 'x-bf-vk': 'sk-bf-routed' }, 'openai/gpt-4o')));
    expect({ status: error.status, code: error.code }).toEqual({ status: 403, code: 'model_not_allowed' });
  });

  it('allows listed models, and every model of a provider whose list is ["*"]', async () => {
    const { plugin } = setup(allowList);
    for (const model of ['openai/gpt-4o-mini', 'azure/gpt-4o', 'anthropic/claude-sonnet-4']) {
      const request = chat({ 'x-bf-vk': 'sk-bf-routed' }, model);
      await plugin.onRequest!(request);
      expect(request.request.model).toBe(model);
    }
  });

  it('picks the provider of a bare model name by weight among the providers that allow it', async () => {
    let next = 0;
    const draws = [0, 0.5, 0.74, 0.76, 0.99];
    const { plugin } = setup(allowList, { random: () => draws[next++]! });
    const chosen: string[] = [];
    for (let i = 0; i < draws.length; i++) {
      const request = chat({ 'x-bf-vk': 'sk-bf-routed' }, 'gpt-4o-mini');
      await plugin.onRequest!(request);
      chosen.push(request.request.model);
    }
    // openai 3, azure 1, anthropic 1 (all models): total 5, so openai below 0.6, azure below 0.8.
    expect(chosen).toEqual(['openai/gpt-4o-mini', 'openai/gpt-4o-mini', 'azure/gpt-4o-mini', 'azure/gpt-4o-mini', 'anthropic/gpt-4o-mini']);
  });

  it('spreads bare-model requests in proportion to the weights', async () => {
    const { plugin } = setup({ virtual_keys: [{ id: 'vk', value: 'sk-bf-w', provider_configs: [{ provider: 'openai', weight: 3 }, { provider: 'azure', weight: 1 }] }] });
    const counts: Record<string, number> = {};
    for (let i = 0; i < 4000; i++) {
      const request = chat({ 'x-bf-vk': 'sk-bf-w' }, 'gpt-4o');
      await plugin.onRequest!(request);
      const provider = request.request.model.split('/')[0]!;
      counts[provider] = (counts[provider] ?? 0) + 1;
    }
    expect(counts.openai! / 4000).toBeGreaterThan(0.7);
    expect(counts.openai! / 4000).toBeLessThan(0.8);
  });

  it('records which provider keys the virtual key may use for the chosen provider', async () => {
    const { plugin } = setup(allowList);
    const openai = chat({ 'x-bf-vk': 'sk-bf-routed' }, 'openai/gpt-4o-mini');
    await plugin.onRequest!(openai);
    expect(governanceOf(openai.context)?.allowedKeyNames).toEqual(['openai-primary']);
    const anthropic = chat({ 'x-bf-vk': 'sk-bf-routed' }, 'anthropic/claude-sonnet-4');
    await plugin.onRequest!(anthropic);
    expect(governanceOf(anthropic.context)?.allowedKeyNames).toBeUndefined();
  });

  it('leaves the model alone for a virtual key without provider_configs', async () => {
    const { plugin } = setup({ virtual_keys: [{ id: 'vk', value: 'sk-bf-any' }] });
    const request = chat({ 'x-bf-vk': 'sk-bf-any' }, 'smart');
    await plugin.onRequest!(request);
    expect(request.request.model).toBe('smart');
  });
});

describe('governance plugin: budgets', () => {
  const tight = {
    virtual_keys: [{ id: 'vk', value: 'sk-bf-tight', budget_id: 'cent' }],
    budgets: [{ id: 'cent', max_limit: 0.01, reset_duration: '1d' }],
  };

  it('stops every request after the one that spent a $0.01 budget, with 402 budget_exceeded', async () => {
    const { plugin } = setup(tight);
    await serve(plugin, chat({ 'x-bf-vk': 'sk-bf-tight' }), 0.004);
    await serve(plugin, chat({ 'x-bf-vk': 'sk-bf-tight' }), 0.004);
    await serve(plugin, chat({ 'x-bf-vk': 'sk-bf-tight' }), 0.004); // 0.012: this one spent it
    for (let i = 0; i < 5; i++) {
      const error = await rejection(plugin.onRequest!(chat({ 'x-bf-vk': 'sk-bf-tight' })));
      expect({ status: error.status, code: error.code, type: error.type }).toEqual({ status: 402, code: 'budget_exceeded', type: 'insufficient_quota' });
      expect(error.message).toContain("budget 'cent'");
    }
  });

  it('charges a stream that was cut for what it reported, and stops the next request', async () => {
    const { plugin, counters } = setup(tight);
    await serve(plugin, chat({ 'x-bf-vk': 'sk-bf-tight' }, 'openai/gpt-4o-mini', 'chat-stream'), 0.011, 40, false);
    expect(await counters.read([{ key: 'budget:cent', limit: 0.01, windowMs: 86_400_000 }], Date.UTC(2026, 0, 10, 12, 0, 30))).toEqual([0.011]);
    const error = await rejection(plugin.onRequest!(chat({ 'x-bf-vk': 'sk-bf-tight' }, 'openai/gpt-4o-mini', 'chat-stream')));
    expect(error.code).toBe('budget_exceeded');
  });

  it('lets requests through again when the budget period resets', async () => {
    const { plugin, advance } = setup(tight);
    await serve(plugin, chat({ 'x-bf-vk': 'sk-bf-tight' }), 0.02);
    await rejection(plugin.onRequest!(chat({ 'x-bf-vk': 'sk-bf-tight' })));
    advance(86_400_000);
    await plugin.onRequest!(chat({ 'x-bf-vk': 'sk-bf-tight' }));
  });

  it('applies the team budget to every key of the team, and the customer budget to every team', async () => {
    const chain = {
      ...keys,
      budgets: [
        { id: 'b-app', max_limit: 100, reset_duration: '1M' },
        { id: 'b-team', max_limit: 0.05, reset_duration: '1d' },
        { id: 'b-acme', max_limit: 100, reset_duration: '1Y' },
      ],
    };
    const { plugin } = setup(chain);
    await serve(plugin, chat({ 'x-bf-vk': 'sk-bf-app' }), 0.06);
    const error = await rejection(plugin.onRequest!(chat({ 'x-bf-vk': 'sk-bf-other' })));
    expect(error.code).toBe('budget_exceeded');
    expect(error.message).toContain("budget 'b-team'");
  });

  it('charges nothing for a request that failed without usage', async () => {
    const { plugin, counters } = setup(tight);
    const request = chat({ 'x-bf-vk': 'sk-bf-tight' });
    await plugin.onRequest!(request);
    await plugin.onResponse!(request, { error: new GatewayError({ code: 'upstream_error', status: 502, type: 'api_error', failureClass: 'transient', message: 'boom' }), shortCircuited: false });
    expect(await counters.read([{ key: 'budget:cent', limit: 0.01, windowMs: 86_400_000 }], Date.UTC(2026, 0, 10, 12, 0, 30))).toEqual([0]);
  });
});

describe('governance plugin: rate limits', () => {
  const perMinute = {
    virtual_keys: [{ id: 'vk', value: 'sk-bf-rl', rate_limit_id: 'ten' }],
    rate_limits: [{ id: 'ten', request_max_limit: 10, request_reset_duration: '1m' }],
  };

  it('lets exactly 10 of 50 concurrent requests through a 10-per-minute limit, the rest with 429 and retry-after', async () => {
    const { plugin } = setup(perMinute);
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => plugin.onRequest!(chat({ 'x-bf-vk': 'sk-bf-rl' }))));
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(10);
    const refused = results.filter((result) => result.status === 'rejected').map((result) => (result as PromiseRejectedResult).reason as GatewayError);
    expect(refused).toHaveLength(40);
    for (const error of refused) {
      expect({ status: error.status, code: error.code, type: error.type }).toEqual({ status: 429, code: 'virtual_key_rate_limited', type: 'rate_limit_error' });
      expect(error.retryAfter).toBe(30); // the window ends at the next whole minute; the clock is at :30
    }
  });

  it('lets requests through again in the next window', async () => {
    const { plugin, advance } = setup(perMinute);
    for (let i = 0; i < 10; i++) await plugin.onRequest!(chat({ 'x-bf-vk': 'sk-bf-rl' }));
    await rejection(plugin.onRequest!(chat({ 'x-bf-vk': 'sk-bf-rl' })));
    advance(minute);
    await plugin.onRequest!(chat({ 'x-bf-vk': 'sk-bf-rl' }));
  });

  it('refuses with 429 once the token limit is used up, and counts tokens after each answer', async () => {
    const { plugin } = setup({
      virtual_keys: [{ id: 'vk', value: 'sk-bf-tok', rate_limit_id: 'tokens' }],
      rate_limits: [{ id: 'tokens', token_max_limit: 250, token_reset_duration: '1h' }],
    });
    await serve(plugin, chat({ 'x-bf-vk': 'sk-bf-tok' }), 0, 200);
    await serve(plugin, chat({ 'x-bf-vk': 'sk-bf-tok' }), 0, 200);
    const error = await rejection(plugin.onRequest!(chat({ 'x-bf-vk': 'sk-bf-tok' })));
    expect({ status: error.status, code: error.code }).toEqual({ status: 429, code: 'virtual_key_rate_limited' });
    expect(error.message).toContain('tokens');
    expect(error.retryAfter).toBeGreaterThan(0);
  });

  it('does not use up a request slot when the budget refuses the request', async () => {
    const { plugin, counters } = setup({
      virtual_keys: [{ id: 'vk', value: 'sk-bf-both', rate_limit_id: 'ten', budget_id: 'zero' }],
      rate_limits: [{ id: 'ten', request_max_limit: 10, request_reset_duration: '1m' }],
      budgets: [{ id: 'zero', max_limit: 0, reset_duration: '1d' }],
    });
    await rejection(plugin.onRequest!(chat({ 'x-bf-vk': 'sk-bf-both' })));
    expect(await counters.read([{ key: 'rate:ten:requests', limit: 10, windowMs: minute }], Date.UTC(2026, 0, 10, 12, 0, 30))).toEqual([0]);
  });
});

describe('governance plugin: counter store failures', () => {
  function brokenStore(): CounterStore {
    const fail = () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:1'));
    return { kind: 'redis', consume: fail, check: fail, add: fail, read: fail, close: async () => {} };
  }

  it('fails open by default: allows the request, counts each failure and warns once per interval', async () => {
    const logger = testLogger();
    const { plugin } = setup(keys, { counters: brokenStore(), logger });
    await serve(plugin, chat({ 'x-bf-vk': 'sk-bf-app' }), 0.01);
    await plugin.onRequest!(chat({ 'x-bf-vk': 'sk-bf-app' }));
    expect(plugin.failures).toBe(6); // check + consume + two adds, then check + consume
    expect(logger.warn).toHaveBeenCalledTimes(1);
  });

  it('fails closed with 503 governance_unavailable when failure_mode is closed', async () => {
    const { plugin } = setup({ ...keys, failure_mode: 'closed' }, { counters: brokenStore() });
    const error = await rejection(plugin.onRequest!(chat({ 'x-bf-vk': 'sk-bf-app' })));
    expect({ status: error.status, code: error.code, failureClass: error.failureClass }).toEqual({ status: 503, code: 'governance_unavailable', failureClass: 'transient' });
    expect(plugin.failures).toBe(1);
  });

  it('needs no counter store for a virtual key without limits', async () => {
    const { plugin } = setup({ virtual_keys: [{ id: 'vk', value: 'sk-bf-free' }], failure_mode: 'closed' }, { counters: brokenStore() });
    const request = chat({ 'x-bf-vk': 'sk-bf-free' });
    await serve(plugin, request, 1);
    expect(plugin.failures).toBe(0);
  });
});
