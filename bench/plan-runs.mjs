// Turns options into the ordered list of measured runs. Scenario d has no runs of its own: it
// reads CPU and memory off the saturation runs of scenario a (run for the proxies only when a is
// not selected). Scenario f saturates the gateway with requests it translates to Anthropic's
// wire, and is judged against the gateway's pass-through runs of a (run for it when a is not).
// Scenario g routes a virtual model over a slow, a failing and a healthy upstream, once per strategy.
import { TRANSLATED_MODEL } from './chat-request.mjs';
import { ROUTED_MODEL, ROUTING_STRATEGIES } from './routing-scenario.mjs';

const REQUEST_TIMEOUT_S = 10;
const PER_RUN_OVERHEAD_S = 2;

/**
 * @typedef {object} PlannedRun
 * @property {string} id e.g. "a/gateway/stream"
 * @property {'a' | 'b' | 'e' | 'f' | 'g'} scenario
 * @property {string} system direct, bare-proxy or gateway
 * @property {'fast' | 'slow' | 'routing'} upstream
 * @property {'weighted' | 'adaptive' | 'adaptive-hedged'} [routing] how the virtual model is routed (scenario g)
 * @property {object} load the spec handed to bench/load.mjs, without the URL
 */

/** @returns {PlannedRun[]} */
export function planRuns(options) {
  const runs = [];
  const selected = (scenario) => options.scenarios.includes(scenario);
  const add = (scenario, system, upstream, load, tag, extra = {}) =>
    runs.push({ id: `${scenario}/${system}/${tag}`, scenario, system, upstream, ...extra, load });

  const translates = selected('f') && options.systems.includes('gateway');
  if (selected('a') || selected('d') || translates) {
    const proxies = selected('d') ? options.systems.filter((system) => system !== 'direct') : ['gateway'];
    const systems = selected('a') ? options.systems : proxies;
    for (const stream of [false, true]) {
      for (const system of systems) {
        add('a', system, 'fast', {
          kind: 'saturation', stream, connections: options.connections,
          warmupS: options.warmupS, durationS: options.durationS, timeoutS: REQUEST_TIMEOUT_S,
        }, stream ? 'stream' : 'json');
      }
    }
  }
  if (translates) {
    for (const stream of [false, true]) {
      add('f', 'gateway', 'fast', {
        kind: 'saturation', stream, model: TRANSLATED_MODEL, connections: options.connections,
        warmupS: options.warmupS, durationS: options.durationS, timeoutS: REQUEST_TIMEOUT_S,
      }, stream ? 'anthropic-stream' : 'anthropic-json');
    }
  }
  if (selected('b')) {
    for (const rate of options.rates) {
      for (const system of options.systems) {
        add('b', system, 'fast', {
          kind: 'open-loop', stream: false, rate, connections: options.rateConnections,
          warmupS: options.warmupS, durationS: options.rateDurationS, timeoutS: REQUEST_TIMEOUT_S,
        }, `${rate}rps`);
      }
    }
  }
  if (selected('e')) {
    for (const system of options.systems) {
      add('e', system, 'slow', {
        kind: 'open-loop', stream: false, rate: options.slowRate, connections: options.slowConnections,
        warmupS: options.slowWarmupS, durationS: options.slowDurationS,
        timeoutS: REQUEST_TIMEOUT_S + options.slowDelayMs / 1000,
      }, `${options.slowRate}rps`);
    }
  }
  if (selected('g') && options.systems.includes('gateway')) {
    for (const strategy of ROUTING_STRATEGIES) {
      add('g', 'gateway', 'routing', {
        kind: 'open-loop', stream: false, model: ROUTED_MODEL, routed: true, rate: options.routingRate, connections: options.rateConnections,
        warmupS: options.routingWarmupS, durationS: options.routingDurationS,
        timeoutS: REQUEST_TIMEOUT_S + options.routingDelayMs / 1000,
      }, strategy, { routing: strategy });
    }
  }
  return runs;
}

/** Expected wall time of `runs`, in seconds. */
export function estimateSeconds(runs, options) {
  return runs.reduce((total, { load, upstream }) => {
    const delayMs = { slow: options.slowDelayMs, routing: options.routingDelayMs }[upstream] ?? 0;
    const drainS = 2 * delayMs / 1000;
    return total + load.warmupS + load.durationS + drainS + PER_RUN_OVERHEAD_S;
  }, 0);
}
