// Command-line flags of `node bench/run.mjs`. Every flag can also be set in the environment
// as BENCH_<FLAG> (e.g. `--only a,b` is BENCH_ONLY=a,b, `--quick` is BENCH_QUICK=1); flags win.
import { parseArgs } from 'node:util';

export const SCENARIOS = ['a', 'b', 'd', 'e', 'f', 'g', 'h'];
export const SYSTEMS = ['direct', 'bare-proxy', 'gateway'];

/** Defaults of the full run (about 7 minutes) and of `--quick` (about 1 minute). */
const PROFILES = {
  full: { warmup: 2, duration: 10, 'rate-duration': 15, 'slow-warmup': 3, 'slow-duration': 30, 'routing-warmup': 3, 'routing-duration': 15 },
  quick: { warmup: 0.5, duration: 2, 'rate-duration': 2, 'slow-warmup': 1.5, 'slow-duration': 4, 'routing-warmup': 1, 'routing-duration': 3 },
};

const FLAGS = {
  quick: { type: 'boolean', help: 'short smoke run (~1 minute)' },
  only: { type: 'string', default: SCENARIOS.join(','), help: 'scenarios to run: a,b,d,e,f,g,h' },
  systems: { type: 'string', default: SYSTEMS.join(','), help: 'systems under test: direct,bare-proxy,gateway' },
  warmup: { type: 'string', help: 'seconds of discarded load before each measured run (full 2, quick 0.5)' },
  duration: { type: 'string', help: 'seconds per saturation run, scenarios a/d (full 10, quick 2)' },
  connections: { type: 'string', default: '100', help: 'client connections at saturation' },
  rates: { type: 'string', default: '500,2000', help: 'offered rates (req/s) of scenario b' },
  'rate-duration': { type: 'string', help: 'seconds per fixed-rate run, scenario b (full 15, quick 2)' },
  'rate-connections': { type: 'string', default: '256', help: 'maximum client connections at fixed rates' },
  'slow-rate': { type: 'string', default: '5000', help: 'offered rate of scenario e' },
  'slow-delay-ms': { type: 'string', default: '1000', help: 'upstream delay of scenario e' },
  'slow-connections': { type: 'string', default: '6000', help: 'maximum client connections of scenario e' },
  'slow-warmup': { type: 'string', help: 'warm-up seconds of scenario e (full 3, quick 1.5)' },
  'slow-duration': { type: 'string', help: 'seconds of scenario e (full 30, quick 4)' },
  'routing-rate': { type: 'string', default: '300', help: 'offered rate of scenario g' },
  'routing-delay-ms': { type: 'string', default: '300', help: 'delay of the slow target of scenario g' },
  'routing-fail-rate': { type: 'string', default: '0.5', help: 'share of requests the failing target of scenario g answers 500' },
  'routing-warmup': { type: 'string', help: 'warm-up seconds of scenario g (full 3, quick 1)' },
  'routing-duration': { type: 'string', help: 'seconds per run of scenario g (full 15, quick 3)' },
  'request-logs': { type: 'string', default: 'sqlite', help: 'the gateway\'s request log: sqlite (in the run\'s work directory) or off' },
  'gateway-args': { type: 'string', default: '', help: 'extra arguments for dist/cli.js, e.g. --gateway-args="--workers 1"' },
  'sut-node-flags': { type: 'string', default: '', help: 'Node flags for the bare proxy and the gateway, e.g. --sut-node-flags=--single-threaded-gc' },
  'sut-cpu': { type: 'string', default: '0', help: 'core of the system under test' },
  'load-cpu': { type: 'string', default: '1', help: 'core of the load generator and the fake upstream' },
  'no-pin': { type: 'boolean', help: 'do not pin processes with taskset' },
  out: { type: 'string', default: 'bench/results', help: 'directory of the JSON results and logs' },
  help: { type: 'boolean', help: 'print this help' },
};

/** Reads flags and BENCH_* variables into a plain, validated options object. */
export function parseBenchOptions(argv = process.argv.slice(2), env = process.env) {
  const { values } = parseArgs({ args: argv, options: stripHelp(FLAGS), strict: true });
  for (const name of Object.keys(FLAGS)) {
    const fromEnv = env[`BENCH_${name.toUpperCase().replaceAll('-', '_')}`];
    if (values[name] !== undefined && values[name] !== FLAGS[name].default) continue;
    if (fromEnv === undefined || fromEnv === '') continue;
    values[name] = FLAGS[name].type === 'boolean' ? ['1', 'true', 'yes'].includes(fromEnv.toLowerCase()) : fromEnv;
  }
  const profile = PROFILES[values.quick ? 'quick' : 'full'];
  const seconds = (name) => positiveNumber(name, values[name] ?? profile[name]);

  return {
    help: Boolean(values.help),
    quick: Boolean(values.quick),
    scenarios: listOf('only', values.only, SCENARIOS),
    systems: listOf('systems', values.systems, SYSTEMS),
    warmupS: seconds('warmup'),
    durationS: seconds('duration'),
    connections: positiveNumber('connections', values.connections),
    rates: values.rates.split(',').map((rate) => positiveNumber('rates', rate)),
    rateDurationS: seconds('rate-duration'),
    rateConnections: positiveNumber('rate-connections', values['rate-connections']),
    slowRate: positiveNumber('slow-rate', values['slow-rate']),
    slowDelayMs: positiveNumber('slow-delay-ms', values['slow-delay-ms']),
    slowConnections: positiveNumber('slow-connections', values['slow-connections']),
    slowWarmupS: seconds('slow-warmup'),
    slowDurationS: seconds('slow-duration'),
    routingRate: positiveNumber('routing-rate', values['routing-rate']),
    routingDelayMs: positiveNumber('routing-delay-ms', values['routing-delay-ms']),
    routingFailRate: shareOf('routing-fail-rate', values['routing-fail-rate']),
    routingWarmupS: seconds('routing-warmup'),
    routingDurationS: seconds('routing-duration'),
    requestLogs: oneOf('request-logs', values['request-logs'], ['sqlite', 'off']),
    gatewayArgs: values['gateway-args'].split(/\s+/).filter(Boolean),
    sutNodeFlags: values['sut-node-flags'].split(/\s+/).filter(Boolean),
    pin: !values['no-pin'],
    sutCpu: values['sut-cpu'],
    loadCpu: values['load-cpu'],
    outDir: values.out,
  };
}

/** The `--help` text. */
export function benchUsage() {
  const lines = Object.entries(FLAGS).map(([name, flag]) => {
    const value = flag.type === 'string' ? ' <value>' : '';
    const fallback = flag.default ? ` [${flag.default}]` : '';
    return `  --${name}${value}`.padEnd(30) + flag.help + fallback;
  });
  return ['Usage: node bench/run.mjs [flags]   (or: npm run bench -- [flags])', '', ...lines,
    '', 'Each flag can also be set as BENCH_<FLAG>, e.g. BENCH_ONLY=a,b BENCH_QUICK=1.'].join('\n');
}

function stripHelp(flags) {
  return Object.fromEntries(Object.entries(flags).map(([name, { help, ...option }]) => [name, option]));
}

function positiveNumber(name, text) {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number, got "${text}"`);
  return value;
}

function shareOf(name, text) {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0 || value > 1) throw new Error(`--${name} must be a number from 0 to 1, got "${text}"`);
  return value;
}

function oneOf(name, text, allowed) {
  if (!allowed.includes(text)) throw new Error(`--${name}: expected ${allowed.join(' or ')}, got "${text}"`);
  return text;
}

function listOf(name, text, allowed) {
  const items = text.split(',').map((item) => item.trim()).filter(Boolean);
  const unknown = items.filter((item) => !allowed.includes(item));
  if (unknown.length > 0) throw new Error(`--${name}: unknown ${unknown.join(', ')} (choose from ${allowed.join(', ')})`);
  return items;
}
