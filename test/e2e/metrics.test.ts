import { describe, expect, it } from 'vitest';
import { fakeProvidersPerTest } from '../support/fake-providers.js';

/** One sample of the exposition. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/**
 * Parses Prometheus' text exposition format strictly enough to catch a malformed
 * one: every sample belongs to a family declared once by `# TYPE` before it, whose
 * lines are contiguous; label sets are `name="escaped value"` pairs; values are numbers.
 */
function parseExposition(text: string): { samples: Sample[]; types: Map<string, string> } {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  let current: string | undefined;
  const closed = new Set<string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const comment = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
    if (comment) {
      const [, kind, name, rest] = comment;
      if (kind === 'TYPE') {
        expect(types.has(name!), `family ${name} declared twice`).toBe(false);
        expect(['counter', 'gauge', 'histogram', 'summary', 'untyped']).toContain(rest);
        types.set(name!, rest!);
      }
      if (current !== name) {
        if (current !== undefined) closed.add(current);
        expect(closed.has(name!), `family ${name} is split`).toBe(false);
        current = name;
      }
      continue;
    }
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$/.exec(line);
    expect(sample, `malformed line: ${line}`).not.toBeNull();
    const [, name, , labelText, value] = sample!;
    const family = types.has(name!) ? name! : name!.replace(/_(bucket|sum|count)$/, '');
    expect(types.has(family), `sample ${name} without a TYPE`).toBe(true);
    expect(family).toBe(current);
    const labels: Record<string, string> = {};
    if (labelText) {
      const pair = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)/y;
      let match: RegExpExecArray | null;
      while (pair.lastIndex < labelText.length && (match = pair.exec(labelText)) !== null) labels[match[1]!] = match[2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
      expect(pair.lastIndex, `malformed labels: ${labelText}`).toBe(labelText.length);
    }
    const number = Number(value === '+Inf' ? Infinity : value === '-Inf' ? -Infinity : value);
    expect(Number.isNaN(number) && value !== 'NaN', `bad value in ${line}`).toBe(false);
    samples.push({ name: name!, labels, value: number });
  }
  return { samples, types };
}

/** The gateway's metrics now, and a reader of one series' value (the sum over samples whose labels include `labels`). */
async function scrape(origin: string) {
  const response = await fetch(`${origin}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  const parsed = parseExposition(await response.text());
  const value = (name: string, labels: Record<string, string> = {}): number =>
    parsed.samples.filter((sample) => sample.name === name && Object.entries(labels).every(([key, wanted]) => sample.labels[key] === wanted)).reduce((sum, sample) => sum + sample.value, 0);
  return { ...parsed, value };
}

const question = { messages: [{ role: 'user' as const, content: 'Hello?' }] };

describe('GET /metrics', () => {
  const providers = fakeProvidersPerTest();

  it('serves valid Prometheus exposition, under Bifrost names and again under switchyard_ names', async () => {
    const { served } = await providers.start(['alpha'], (config) => ({ config: { providers: config } }));
    await served.client().chat.completions.create({ model: 'alpha/gpt-4o-mini', ...question });

    const { types, value } = await scrape(served.origin);

    for (const name of ['http_requests_total', 'bifrost_upstream_requests_total', 'bifrost_cache_hits_total', 'bifrost_active_requests']) {
      expect(types.has(name), name).toBe(true);
      expect(types.has(`switchyard_${name.replace(/^bifrost_/, '')}`), name).toBe(true);
    }
    expect(types.get('http_request_duration_seconds')).toBe('histogram');
    expect(value('bifrost_cache_hits_total')).toBe(0);
    expect(value('switchyard_upstream_requests_total', { provider: 'alpha' })).toBe(1);
    expect(value('switchyard_circuit_state', { provider: 'alpha', key: 'alpha-key' })).toBe(0);
  });

  it('counts a non-streaming chat under its route template, provider, model, method and key', async () => {
    const { served } = await providers.start(['alpha'], (config) => ({ config: { providers: config } }));
    await served.client().chat.completions.create({ model: 'alpha/gpt-4o-mini', ...question });
    await served.client().chat.completions.create({ model: 'alpha/gpt-4o-mini', ...question });
    await fetch(`${served.origin}/no/such/path/123`);

    const { value } = await scrape(served.origin);

    const http = { path: '/v1/chat/completions', method: 'POST', status: '200' };
    expect(value('http_requests_total', http)).toBe(2);
    expect(value('http_request_duration_seconds_count', http)).toBe(2);
    expect(value('http_request_size_bytes_sum', http)).toBeGreaterThan(0);
    expect(value('http_response_size_bytes_sum', http)).toBeGreaterThan(0);
    expect(value('http_requests_total', { path: 'unmatched', status: '404' })).toBe(1);
    const upstream = { provider: 'alpha', model: 'gpt-4o-mini', method: 'chat', key: 'alpha-key' };
    expect(value('bifrost_upstream_requests_total', upstream)).toBe(2);
    expect(value('bifrost_success_requests_total', upstream)).toBe(2);
    expect(value('bifrost_error_requests_total')).toBe(0);
    expect(value('bifrost_upstream_latency_seconds_count', upstream)).toBe(2);
    expect(value('bifrost_request_retries_count', upstream)).toBe(2);
    expect(value('bifrost_request_retries_sum', upstream)).toBe(0);
    expect(value('bifrost_overhead_latency_microseconds_count', upstream)).toBe(2);
    expect(value('bifrost_stream_first_token_latency_seconds_count')).toBe(0);
  });

  it('adds the tokens and the cost of every answer, streamed ones included', async () => {
    const { served } = await providers.start(['alpha'], (config) => ({ config: { providers: config } }));
    const { data, response } = await served.client().chat.completions.create({ model: 'alpha/gpt-4o-mini', ...question }).withResponse();
    const cost = Number(response.headers.get('x-switchyard-cost-usd'));
    expect(cost).toBeGreaterThan(0);
    const stream = await served.client().chat.completions.create({ model: 'alpha/gpt-4o-mini', ...question, stream: true, stream_options: { include_usage: true } });
    let streamed: { prompt_tokens: number; completion_tokens: number } | undefined;
    for await (const chunk of stream) if (chunk.usage) streamed = chunk.usage;

    const { value } = await scrape(served.origin);

    const chat = { provider: 'alpha', model: 'gpt-4o-mini', method: 'chat' };
    const chatStream = { ...chat, method: 'chat-stream' };
    expect(value('bifrost_input_tokens_total', chat)).toBe(data.usage!.prompt_tokens);
    expect(value('bifrost_output_tokens_total', chat)).toBe(data.usage!.completion_tokens);
    expect(value('bifrost_cost_total', chat)).toBeCloseTo(cost, 12);
    expect(value('bifrost_input_tokens_total', chatStream)).toBe(streamed!.prompt_tokens);
    expect(value('bifrost_output_tokens_total', chatStream)).toBe(streamed!.completion_tokens);
    expect(value('bifrost_cost_total', chatStream)).toBeGreaterThan(0);
    expect(value('switchyard_cost_total')).toBeCloseTo(value('bifrost_cost_total'), 12);
  });

  it('counts a stream under chat-stream, with its first-chunk and between-chunk latencies', async () => {
    const { fakes, served } = await providers.start(['alpha'], (config) => ({ config: { providers: config } }));
    fakes.alpha.script({ deltas: ['One', ' two', ' three'] });
    const stream = await served.client().chat.completions.create({ model: 'alpha/gpt-4o-mini', ...question, stream: true });
    let chunks = 0;
    for await (const _chunk of stream) chunks++;
    expect(chunks).toBeGreaterThan(3);

    const { value } = await scrape(served.origin);

    const upstream = { provider: 'alpha', model: 'gpt-4o-mini', method: 'chat-stream', key: 'alpha-key' };
    expect(value('bifrost_upstream_requests_total', upstream)).toBe(1);
    expect(value('bifrost_success_requests_total', upstream)).toBe(1);
    expect(value('http_requests_total', { path: '/v1/chat/completions', status: '200' })).toBe(1);
    expect(value('http_response_size_bytes_sum', { path: '/v1/chat/completions' })).toBeGreaterThan(0);
    expect(value('bifrost_stream_first_token_latency_seconds_count', { provider: 'alpha', model: 'gpt-4o-mini' })).toBe(1);
    // Role, three deltas and the finish chunk: four gaps between five chunks.
    expect(value('bifrost_stream_inter_token_latency_seconds_count', { provider: 'alpha', model: 'gpt-4o-mini' })).toBeGreaterThanOrEqual(3);
    // A stream's total time is not the gateway's own: no overhead sample.
    expect(value('bifrost_overhead_latency_microseconds_count', upstream)).toBe(0);
  });

  it('counts an error by status and gateway error code, not as a success', async () => {
    const { fakes, served } = await providers.start(['alpha'], (config) => ({ config: { providers: config } }));
    fakes.alpha.script({ status: 400 });
    await expect(served.client().chat.completions.create({ model: 'alpha/gpt-4o-mini', ...question })).rejects.toThrow();

    const { value } = await scrape(served.origin);

    const upstream = { provider: 'alpha', model: 'gpt-4o-mini', method: 'chat', key: 'alpha-key' };
    expect(value('bifrost_error_requests_total', { ...upstream, status_code: '400', error_type: 'upstream_bad_request' })).toBe(1);
    expect(value('bifrost_success_requests_total')).toBe(0);
    expect(value('bifrost_upstream_requests_total', upstream)).toBe(1);
    expect(value('http_requests_total', { path: '/v1/chat/completions', status: '400' })).toBe(1);
  });

  it('observes a retry in bifrost_request_retries', async () => {
    const { fakes, served } = await providers.start(['alpha'], (config) => ({ config: { providers: config } }), { alpha: { max_retries: 1 } });
    fakes.alpha.script({ status: 503 });
    await served.client().chat.completions.create({ model: 'alpha/gpt-4o-mini', ...question });

    const { value } = await scrape(served.origin);

    const upstream = { provider: 'alpha', method: 'chat' };
    expect(fakes.alpha.requests).toHaveLength(2);
    expect(value('bifrost_upstream_requests_total', upstream)).toBe(1);
    expect(value('bifrost_request_retries_sum', upstream)).toBe(1);
    expect(value('bifrost_request_retries_bucket', { ...upstream, le: '0' })).toBe(0);
    expect(value('bifrost_request_retries_bucket', { ...upstream, le: '1' })).toBe(1);
    expect(value('bifrost_success_requests_total', upstream)).toBe(1);
    // Each attempt, as the attempt hook saw it.
    const attempts = { provider: 'alpha', model: 'gpt-4o-mini', key: 'alpha-key' };
    expect(value('switchyard_upstream_attempts_total', { ...attempts, outcome: 'upstream_overloaded' })).toBe(1);
    expect(value('switchyard_upstream_attempts_total', { ...attempts, outcome: 'success' })).toBe(1);
    expect(value('switchyard_upstream_attempt_latency_seconds_count', attempts)).toBe(2);
  });

  it('labels a fallback with the provider that served it, and counts the attempt before it as a retry', async () => {
    const { fakes, served } = await providers.start(['alpha', 'beta'], (config) => ({ config: { providers: config } }));
    fakes.alpha.script({ status: 503 });
    await served.client().chat.completions.create({ model: 'alpha/gpt-4o-mini', ...question, fallbacks: ['beta/gpt-4o'] } as never);

    const { value } = await scrape(served.origin);

    const upstream = { provider: 'beta', model: 'gpt-4o', method: 'chat', key: 'beta-key' };
    expect(value('bifrost_success_requests_total', upstream)).toBe(1);
    expect(value('bifrost_request_retries_sum', upstream)).toBe(1);
    expect(value('bifrost_upstream_requests_total', { provider: 'alpha' })).toBe(0);
    expect(value('bifrost_error_requests_total')).toBe(0);
    // The failed first target shows in the per-attempt counts.
    expect(value('switchyard_upstream_attempts_total', { provider: 'alpha', key: 'alpha-key', outcome: 'upstream_overloaded' })).toBe(1);
    expect(value('switchyard_upstream_attempts_total', { provider: 'beta', model: 'gpt-4o', outcome: 'success' })).toBe(1);
  });

  it('adds client.prometheus_labels filled from x-bf-prom-<label> headers', async () => {
    const { served } = await providers.start(['alpha'], (config) => ({ config: { providers: config, client: { prometheus_labels: ['team', 'env'] } } }));
    expect(served.gateway.warnings.join('\n')).not.toContain('prometheus_labels');
    await served.client().chat.completions.create({ model: 'alpha/gpt-4o-mini', ...question }, { headers: { 'x-bf-prom-team': 'search' } });

    const { value } = await scrape(served.origin);

    expect(value('bifrost_success_requests_total', { provider: 'alpha', team: 'search', env: '' })).toBe(1);
    expect(value('http_requests_total', { path: '/v1/chat/completions', team: 'search' })).toBe(1);
  });

  it('records at most 100 distinct values of a custom label; later ones become other', async () => {
    const { served } = await providers.start(['alpha'], (config) => ({ config: { providers: config, client: { prometheus_labels: ['user'] } } }));
    for (let i = 0; i < 105; i++) {
      const response = await fetch(`${served.origin}/health`, { headers: { 'x-bf-prom-user': `user-${i}` } });
      await response.arrayBuffer();
    }

    const { samples, value } = await scrape(served.origin);

    const users = new Set(samples.filter((sample) => sample.name === 'http_requests_total').map((sample) => sample.labels.user));
    expect(users.size).toBe(101);
    expect(value('http_requests_total', { path: '/health', user: 'other' })).toBe(5);
    expect(value('http_requests_total', { path: '/health', user: 'user-99' })).toBe(1);
  });

  it('keeps each gateway’s metrics in its own registry', async () => {
    const first = await providers.start(['alpha'], (config) => ({ config: { providers: config } }));
    await first.served.client().chat.completions.create({ model: 'alpha/gpt-4o-mini', ...question });
    expect(first.served.gateway.metrics?.registry).toBeDefined();
    const { createGateway } = await import('../../src/index.js');
    const second = createGateway({ config: { providers: {} } });
    try {
      expect(second.metrics?.registry).not.toBe(first.served.gateway.metrics?.registry);
      expect(await second.metrics?.registry.getSingleMetricAsString('bifrost_upstream_requests_total')).not.toContain('alpha');
    } finally {
      await second.close();
    }
  });
});
