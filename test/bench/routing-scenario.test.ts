import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parse-config.js';

/** The bench is plain JavaScript (`.mjs`, not type-checked): its modules are loaded by URL, untyped. */
const bench = (file: string): Promise<any> => import(new URL(`../../bench/${file}`, import.meta.url).href);

const { parseBenchOptions } = await bench('options.mjs');
const { planRuns, estimateSeconds } = await bench('plan-runs.mjs');
const { ROUTED_MODEL, toRoutingGatewayConfig } = await bench('routing-scenario.mjs');
const { ResponseTally } = await bench('response-tally.mjs');
const { readRoute } = await bench('chat-request.mjs');
const { judgeRun, judgeSystem } = await bench('targets.mjs');
const { formatReport } = await bench('report.mjs');
const { startUpstream } = await bench('systems.mjs');

const urls = { slow: 'http://127.0.0.1:1001', failing: 'http://127.0.0.1:1002', healthy: 'http://127.0.0.1:1003' };

/** A measured run of scenario g as measure-run.mjs records it. */
function routedRun(routing: 'weighted' | 'adaptive' | 'adaptive-hedged', result: Record<string, unknown>) {
  const latencyMs = { count: 1, min: 1, mean: 1, p50: 1, p90: 1, p99: 1, p999: 1, max: 1, ...(result.latencyMs as object) };
  return {
    id: `g/gateway/${routing}`, scenario: 'g', system: 'gateway', upstream: 'routing', routing,
    load: { kind: 'open-loop', stream: false, rate: 300 },
    result: { attempted: 1000, succeeded: 1000, successRate: 1, offeredRate: 300, servedBy: {}, attemptsPerRequest: 1, ...result, latencyMs },
  };
}

describe('bench scenario g: routing over a slow, a failing and a healthy target', () => {
  it('has a fake upstream that fails the share of requests it is told to, evenly spread', async () => {
    const upstream = await startUpstream({ failRate: 0.5 });
    try {
      const statuses: number[] = [];
      for (let index = 0; index < 4; index++) {
        const response = await fetch(`${upstream.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: 'Bearer sk-bench' },
          body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello' }] }),
        });
        statuses.push(response.status);
        if (response.status === 500) expect(await response.json()).toMatchObject({ error: { type: 'server_error' } });
        else await response.text();
      }
      expect(statuses).toEqual([200, 500, 200, 500]);
    } finally {
      await upstream.stop();
    }
  });

  it('plans one open-loop run per routing, for the gateway only, at the routing rate', () => {
    const options = parseBenchOptions(['--only', 'g', '--quick'], {});
    const runs = planRuns(options);
    expect(runs.map((run: { id: string }) => run.id)).toEqual(['g/gateway/weighted', 'g/gateway/adaptive', 'g/gateway/adaptive-hedged']);
    expect(runs[1]).toMatchObject({
      scenario: 'g', system: 'gateway', upstream: 'routing', routing: 'adaptive',
      load: { kind: 'open-loop', stream: false, model: ROUTED_MODEL, routed: true, rate: 300, warmupS: 1, durationS: 3 },
    });
    expect(estimateSeconds(runs, options)).toBeCloseTo(3 * (1 + 3 + 0.6 + 2));
    expect(planRuns({ ...options, systems: ['direct', 'bare-proxy'] })).toEqual([]);
  });

  it('reads its flags, full and quick', () => {
    expect(parseBenchOptions([], {})).toMatchObject({ routingRate: 300, routingDelayMs: 300, routingFailRate: 0.5, routingWarmupS: 3, routingDurationS: 15 });
    expect(parseBenchOptions(['--routing-fail-rate', '1', '--routing-rate', '100'], {})).toMatchObject({ routingFailRate: 1, routingRate: 100 });
    expect(() => parseBenchOptions(['--routing-fail-rate', '2'], {})).toThrow(/--routing-fail-rate must be a number from 0 to 1/);
  });

  it.each([
    ['weighted', 'weighted'],
    ['adaptive', 'adaptive'],
    ['adaptive-hedged', 'adaptive'],
  ])('gives the gateway a valid config for the %s routing', (routing, strategy) => {
    const { config, warnings } = parseConfig(toRoutingGatewayConfig(urls, routing), { env: {} });
    expect(warnings).toEqual([]);
    expect(config.routing.strategy).toBe(strategy);
    expect(config.routing.virtual_models[ROUTED_MODEL].hedge).toEqual(routing === 'adaptive-hedged' ? { after_ms: 50, min_delay_ms: 50 } : undefined);
    expect(config.routing.virtual_models[ROUTED_MODEL]).toMatchObject({
      strategy,
      targets: [{ model: 'slow/gpt-4o-mini', weight: 1 }, { model: 'failing/gpt-4o-mini', weight: 1 }, { model: 'healthy/gpt-4o-mini', weight: 1 }],
    });
    expect(config.providers.failing.network_config.base_url).toBe(urls.failing);
  });

  it('counts the provider that served each success and the attempts of every answer', () => {
    const tally = new ResponseTally();
    tally.response(200, 5, true, readRoute({ 'x-switchyard-provider': 'healthy', 'x-switchyard-attempts': '1' }));
    tally.response(200, 300, true, readRoute({ 'x-switchyard-provider': 'slow', 'x-switchyard-attempts': '2' }));
    tally.response(502, 1, true, readRoute({ 'x-switchyard-provider': 'failing', 'x-switchyard-attempts': '3' }));
    tally.response(200, 2, true, readRoute({}));
    tally.response(200, 2, true);
    const summary = tally.summarize(1);
    expect(summary.servedBy).toEqual({ healthy: 1, slow: 1, unnamed: 1 });
    expect(summary.attemptsPerRequest).toBe(2);
    expect(summary.succeeded).toBe(4);
  });

  it('judges success, the healthy share, the p50 of adaptive and the p99 of hedging against the weighted run', () => {
    const weighted = routedRun('weighted', { latencyMs: { p50: 150, p99: 320 }, servedBy: { slow: 500, failing: 200, healthy: 300 } });
    const adaptive = routedRun('adaptive', { latencyMs: { p50: 1.2, p99: 305 }, servedBy: { slow: 10, failing: 40, healthy: 950 } });
    const hedged = routedRun('adaptive-hedged', { latencyMs: { p50: 1.2, p99: 64 }, servedBy: { slow: 5, failing: 20, healthy: 975 } });
    const runs = [weighted, adaptive, hedged];
    const verdicts = (run: object) => judgeRun(run, runs, 'g', 0).map(({ target, value, pass }: any) => [target.label, value, pass]);
    expect(verdicts(weighted)).toEqual([['success, routed over a failing target', 100, true]]);
    expect(verdicts(adaptive)).toEqual([
      ['success, routed over a failing target', 100, true],
      ['adaptive: served by the healthy target', 95, true],
      ['adaptive p50 as a share of weighted p50', 0.8, true],
    ]);
    expect(verdicts(hedged)).toEqual([
      ['success, routed over a failing target', 100, true],
      ['hedged p99 as a share of weighted p99', 20, true],
    ]);

    const stuck = routedRun('adaptive', { successRate: 0.99, latencyMs: { p50: 150, p99: 310 }, servedBy: { slow: 330, healthy: 660 }, succeeded: 990 });
    const slowHedge = routedRun('adaptive-hedged', { latencyMs: { p99: 300 } });
    const failed = judgeSystem([weighted, stuck, slowHedge], 'gateway', 0).filter(({ target }: any) => target.table === 'g');
    expect(failed.map(({ value, pass }: any) => [Math.round(value * 10) / 10, pass])).toEqual([[99, false], [66.7, false], [100, false], [93.8, false]]);
  });

  it('prints table (g) with the share each target served', () => {
    const options = parseBenchOptions(['--only', 'g'], {});
    const runs = [
      routedRun('weighted', { latencyMs: { p50: 150, p99: 320 }, servedBy: { slow: 500, failing: 200, healthy: 300 }, attemptsPerRequest: 1.25 }),
      { ...routedRun('adaptive', {}), result: undefined, error: 'non-streaming check failed: HTTP 400' },
    ];
    const report = formatReport({ environment: { date: '2026-01-01', node: 'v20', cpus: 2, cpuModel: 'test' }, options, runs });
    expect(report).toContain('(g) Routing: a virtual model over a slow (+300 ms), a failing (50% HTTP 500) and a healthy target');
    const rows: string[] = report.split('\n').filter((line: string) => line.startsWith('| weighted') || line.startsWith('| adaptive'));
    expect(rows[0].split('|').map((cell) => cell.trim())).toEqual([
      '', 'weighted', '300/s', '100%', '150.00', '320.00', '50.0%', '20.0%', '30.0%', '0.0%', '1.25', 'PASS >= 100 %', '',
    ]);
    expect(rows[1]).toContain('not measured: non-streaming check failed: HTTP 400');
  });
});
