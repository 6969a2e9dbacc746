// Scenario g: a virtual model whose three targets are a slow, a failing and a healthy provider,
// each its own fake upstream process. The gateway routes it with static equal weights, adaptively,
// and adaptively with hedging; in all three, a failed target falls back to the others.
import { startUpstream, UPSTREAM_API_KEY } from './systems.mjs';

/** The virtual model the requests of scenario g ask for. */
export const ROUTED_MODEL = 'bench-routed';
/** The routings compared, one run each: a strategy, and for `adaptive-hedged` a hedge after `HEDGE_AFTER_MS`. */
export const ROUTING_STRATEGIES = ['weighted', 'adaptive', 'adaptive-hedged'];
/** Milliseconds after which `adaptive-hedged` sends a slow request to the next target too. */
export const HEDGE_AFTER_MS = 50;

/**
 * The targets, in the virtual model's order, with their upstream's behaviour; each is a provider
 * of that name (OpenAI wire) at its own fake upstream.
 * @type {{ provider: string, upstream: (options: object) => { delayMs?: number, failRate?: number } }[]}
 */
export const ROUTING_TARGETS = [
  { provider: 'slow', upstream: (options) => ({ delayMs: options.routingDelayMs }) },
  { provider: 'failing', upstream: (options) => ({ failRate: options.routingFailRate }) },
  { provider: 'healthy', upstream: () => ({}) },
];

/**
 * Starts one fake upstream per target; resolves with `{ url, urls, pids, stop }`, where `urls` maps
 * each target's provider to its upstream and `url` is the healthy one's.
 */
export async function startRoutingUpstreams(options, { cpu = null, logFileOf = () => null } = {}) {
  const started = [];
  try {
    for (const target of ROUTING_TARGETS) {
      const upstream = await startUpstream({ ...target.upstream(options), cpu, logFile: logFileOf(target.provider) });
      started.push({ provider: target.provider, ...upstream });
    }
  } catch (error) {
    await Promise.all(started.map((upstream) => upstream.stop()));
    throw error;
  }
  const urls = Object.fromEntries(started.map(({ provider, url }) => [provider, url]));
  return {
    url: urls.healthy,
    urls,
    pids: started.map(({ pid }) => pid),
    stop: () => Promise.all(started.map((upstream) => upstream.stop())),
  };
}

/** The gateway configuration of scenario g: the three providers and the virtual model, routed as `routing` says. */
export function toRoutingGatewayConfig(urls, routing) {
  const hedged = routing === 'adaptive-hedged';
  const strategy = hedged ? 'adaptive' : routing;
  const provider = (url) => ({
    keys: [{ name: 'bench', value: UPSTREAM_API_KEY, models: [], weight: 1 }],
    network_config: { base_url: url, default_request_timeout_in_seconds: 30 },
    custom_provider_config: { base_provider_type: 'openai' },
  });
  return {
    providers: Object.fromEntries(ROUTING_TARGETS.map(({ provider: name }) => [name, provider(urls[name])])),
    routing: {
      strategy,
      virtual_models: {
        [ROUTED_MODEL]: {
          targets: ROUTING_TARGETS.map(({ provider: name }) => ({ model: `${name}/gpt-4o-mini`, weight: 1 })),
          strategy,
          ...(hedged ? { hedge: { after_ms: HEDGE_AFTER_MS } } : {}),
        },
      },
    },
  };
}
