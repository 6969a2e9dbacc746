import { describe, expect, it } from 'vitest';
import { createRequestContext } from '../core/request-context.js';
import { GatewayMetrics, type HttpSample } from './gateway-metrics.js';
import { LabelCap } from './label-cap.js';
import { operationOf } from './operation-of.js';

function sample(overrides: Partial<HttpSample> = {}): HttpSample {
  const context = createRequestContext();
  context.provider = 'openai';
  context.model = 'gpt-4o-mini';
  context.keyName = 'k1';
  context.attempts = 1;
  context.upstreamMs = 40;
  return { path: '/v1/chat/completions', method: 'POST', status: 200, requestBytes: 120, responseBytes: 300, durationMs: 42, operation: 'chat', errorCode: undefined, context, header: () => undefined, ...overrides };
}

async function valueOf(metrics: GatewayMetrics, name: string): Promise<number> {
  const metric = (await metrics.registry.getMetricsAsJSON()).find((family) => family.name === name);
  const values = (metric?.values ?? []) as Array<{ value: number; metricName?: string }>;
  return values.reduce((sum, value) => sum + (value.metricName === undefined || value.metricName === name ? value.value : 0), 0);
}

describe('GatewayMetrics', () => {
  it('adds the request’s token usage and cost, when the context has them', async () => {
    const metrics = new GatewayMetrics();
    const priced = sample();
    priced.context.usage = { prompt_tokens: 10, completion_tokens: 4, total_tokens: 14 };
    priced.context.costUsd = 0.25;
    metrics.recordHttp(priced);
    metrics.recordHttp(sample());

    expect(await valueOf(metrics, 'bifrost_input_tokens_total')).toBe(10);
    expect(await valueOf(metrics, 'bifrost_output_tokens_total')).toBe(4);
    expect(await valueOf(metrics, 'bifrost_cost_total')).toBe(0.25);
    expect(await valueOf(metrics, 'bifrost_success_requests_total')).toBe(2);
  });

  it('records the gateway’s own time as total minus upstream time, in microseconds', async () => {
    const metrics = new GatewayMetrics();
    metrics.recordHttp(sample({ durationMs: 42 }));
    const overhead = (await metrics.registry.getMetricsAsJSON()).find((family) => family.name === 'bifrost_overhead_latency_microseconds');
    const values = (overhead?.values ?? []) as Array<{ value: number; metricName?: string }>;
    expect(values.find((value) => value.metricName?.endsWith('_sum'))?.value).toBeCloseTo(2000, 6);
  });

  it('records no model-call metrics for routes that call no model', async () => {
    const metrics = new GatewayMetrics();
    const health = sample({ path: '/health', method: 'GET', operation: undefined });
    health.context.provider = undefined;
    metrics.recordHttp(health);
    expect(await valueOf(metrics, 'http_requests_total')).toBe(1);
    expect(await valueOf(metrics, 'bifrost_upstream_requests_total')).toBe(0);
  });

  it('renames a custom label that would clash with one of its own labels', async () => {
    const metrics = new GatewayMetrics({ customLabels: ['provider', 'Team-Name'] });
    const headers: Record<string, string> = { 'x-bf-prom-provider': 'mine', 'x-bf-prom-team-name': 'a' };
    metrics.recordHttp(sample({ header: (name) => headers[name] }));
    const text = await metrics.exposition();
    expect(text).toContain('provider="openai"');
    expect(text).toContain('x_provider="mine"');
    expect(text).toContain('team_name="a"');
  });
});

describe('GatewayMetrics per virtual key', () => {
  function withVirtualKey(virtualKey: string, team?: string, customer?: string): HttpSample {
    const request = sample();
    request.context.virtualKey = virtualKey;
    request.context.virtualKeyTeam = team;
    request.context.virtualKeyCustomer = customer;
    return request;
  }

  it('counts requests, tokens and cost by virtual key, team and customer', async () => {
    const metrics = new GatewayMetrics();
    const answered = withVirtualKey('vk-a', 'team-1', 'acme');
    answered.context.usage = { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 };
    answered.context.costUsd = 0.5;
    metrics.recordHttp(answered);
    metrics.recordHttp(withVirtualKey('vk-a', 'team-1', 'acme'));
    metrics.recordHttp(withVirtualKey('vk-b'));
    metrics.recordHttp(sample());
    const text = await metrics.exposition();
    expect(text).toContain('switchyard_virtual_key_requests_total{virtual_key="vk-a",team="team-1",customer="acme"} 2');
    expect(text).toContain('switchyard_virtual_key_requests_total{virtual_key="vk-b",team="",customer=""} 1');
    expect(text).toContain('switchyard_virtual_key_tokens_total{virtual_key="vk-a",team="team-1",customer="acme"} 15');
    expect(text).toContain('switchyard_virtual_key_cost_usd_total{virtual_key="vk-a",team="team-1",customer="acme"} 0.5');
    expect(await valueOf(metrics, 'switchyard_virtual_key_requests_total')).toBe(3);
    // Written once: these families are not repeated under another name.
    expect(text.match(/^# TYPE switchyard_virtual_key_requests_total /gm)).toHaveLength(1);
  });

  it('records virtual keys beyond the cap as one other series', async () => {
    const metrics = new GatewayMetrics({ maxVirtualKeys: 2 });
    for (const virtualKey of ['a', 'b', 'c', 'd', 'c']) metrics.recordHttp(withVirtualKey(virtualKey));
    const text = await metrics.exposition();
    expect(text.match(/^switchyard_virtual_key_requests_total\{/gm)).toHaveLength(3);
    expect(text).toContain('switchyard_virtual_key_requests_total{virtual_key="other",team="",customer=""} 3');
  });

  it('counts a request with a virtual key that no provider served', async () => {
    const metrics = new GatewayMetrics();
    const unserved = withVirtualKey('vk-a');
    unserved.context.provider = undefined;
    metrics.recordHttp({ ...unserved, operation: undefined });
    expect(await valueOf(metrics, 'switchyard_virtual_key_requests_total')).toBe(1);
  });
});

describe('GatewayMetrics with many models', () => {
  it('keeps one series for every model beyond the cap', async () => {
    const metrics = new GatewayMetrics({ maxLabelValues: 2 });
    for (const model of ['a', 'b', 'c', 'd']) metrics.attempt('openai', model, 'k1', 10, undefined);
    const text = await metrics.exposition();
    expect(text.match(/^switchyard_upstream_attempts_total\{/gm)).toHaveLength(3);
    expect(text).toContain('switchyard_upstream_attempts_total{provider="openai",model="other",key="k1",outcome="success"} 2');
  });
});

describe('LabelCap', () => {
  it('keeps the first values and turns later new ones into other', () => {
    const cap = new LabelCap(2);
    expect([cap.value('a'), cap.value('b'), cap.value('c'), cap.value('a')]).toEqual(['a', 'b', 'other', 'a']);
  });
});

describe('operationOf', () => {
  it('names the model call of each surface’s routes', () => {
    expect(operationOf('/anthropic/v1/messages', {})).toBe('chat');
    expect(operationOf('/v1/completions', {})).toBe('text-completion');
    expect(operationOf('/openai/v1/embeddings', {})).toBe('embed');
    expect(operationOf('/genai/v1beta/models/{model*}:{method}', { model: 'gemini', method: 'embedContent' })).toBe('embed');
    expect(operationOf('/health', {})).toBeUndefined();
  });
});
