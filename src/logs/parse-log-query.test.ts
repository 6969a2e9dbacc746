import { describe, expect, it } from 'vitest';
import { GatewayError } from '../errors/index.js';
import { parseLogFilter, parseLogQuery } from './parse-log-query.js';

const query = (text: string) => parseLogQuery(new URLSearchParams(text));

describe('parseLogQuery', () => {
  it('defaults to the newest 50', () => {
    expect(query('')).toEqual({ sort: 'timestamp', order: 'desc', limit: 50, offset: 0 });
  });

  it('reads every filter', () => {
    expect(
      query(
        'start_time=2026-01-01T00:00:00Z&end_time=1767312000000&providers=openai,anthropic&models=gpt-4o&key_names=k1&virtual_keys=vk&teams=team-a,team-b&customers=acme&operations=chat&routes=/v1/chat/completions' +
          '&error_codes=rate_limited&cache_status=hit-exact&status=error,429&request_id=abc&min_latency=5&max_latency=100.5&min_tokens=1&max_tokens=10&min_cost=0&max_cost=0.5' +
          '&content_search=hello%20world&sort_by=cost&order=asc&limit=10&offset=20',
      ),
    ).toEqual({
      from: Date.parse('2026-01-01T00:00:00Z'),
      to: 1767312000000,
      provider: ['openai', 'anthropic'],
      model: ['gpt-4o'],
      keyName: ['k1'],
      virtualKey: ['vk'],
      team: ['team-a', 'team-b'],
      customer: ['acme'],
      operation: ['chat'],
      route: ['/v1/chat/completions'],
      errorCode: ['rate_limited'],
      cacheStatus: ['hit-exact'],
      outcome: 'error',
      status: [429],
      requestId: 'abc',
      minLatencyMs: 5,
      maxLatencyMs: 100.5,
      minTokens: 1,
      maxTokens: 10,
      minCostUsd: 0,
      maxCostUsd: 0.5,
      search: 'hello world',
      sort: 'cost',
      order: 'asc',
      limit: 10,
      offset: 20,
    });
  });

  it('takes repeated parameters as lists', () => {
    expect(parseLogFilter(new URLSearchParams('providers=openai&providers=groq')).provider).toEqual(['openai', 'groq']);
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=1001', 'limit'],
    ['limit=abc', 'limit'],
    ['offset=-1', 'offset'],
    ['sort_by=name', 'sort_by'],
    ['order=up', 'order'],
    ['start_time=yesterday', 'start_time'],
    ['start_time=2000&end_time=1000', 'start_time'],
    ['min_latency=-1', 'min_latency'],
    ['min_cost=1&max_cost=0.5', 'min_cost'],
    ['status=ok', 'status'],
    ['status=success,error', 'status'],
  ])('refuses %s, naming the parameter', (text, param) => {
    try {
      query(text);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(GatewayError);
      expect(error).toMatchObject({ code: 'invalid_request', status: 400, param });
    }
  });
});
