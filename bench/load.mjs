// The load generator, run as its own (pinned) child process so that it shares no thread with the
// fake upstream or the orchestrator. Usage: node bench/load.mjs '<json load spec>'
// Protocol, one JSON object per line: it warms up, prints {"type":"ready"}, waits for a "go" line
// on stdin (the orchestrator snapshots CPU and RSS meanwhile), runs the measured phase, then prints
// {"type":"result","result":{...}} and exits.
import readline from 'node:readline';
import { ConnectionPool } from './connection-pool.mjs';
import { runOpenLoop } from './open-loop.mjs';
import { runSaturation } from './saturate.mjs';

/**
 * @typedef {object} LoadSpec
 * @property {'saturation' | 'open-loop'} kind
 * @property {string} url origin of the system under test
 * @property {boolean} stream
 * @property {string} [model] the request's model (the OpenAI pass-through model by default)
 * @property {number} connections
 * @property {number} [rate] offered req/s (open-loop only)
 * @property {number} warmupS
 * @property {number} durationS
 * @property {number} timeoutS per request
 */

const spec = /** @type {LoadSpec} */ (JSON.parse(process.argv[2]));
const deadlineS = spec.warmupS + spec.durationS + 2 * spec.timeoutS + 60;
setTimeout(() => fail(new Error(`load generator passed its ${deadlineS} s deadline`)), deadlineS * 1000).unref();

const input = readline.createInterface({ input: process.stdin });
const lines = input[Symbol.asyncIterator]();
input.once('close', () => fail(new Error('the orchestrator went away')));

function emit(message) {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

function fail(error) {
  process.stderr.write(`load: ${error.stack ?? error}\n`);
  process.exit(1);
}

async function waitForGo() {
  const { value, done } = await lines.next();
  if (done || value.trim() !== 'go') throw new Error('orchestrator went away before "go"');
}

/** Warms up, waits for "go", and measures; the result includes the generator's own CPU time. */
async function warmUpThenMeasure(phase) {
  if (spec.warmupS > 0) await phase(spec.warmupS);
  emit({ type: 'ready' });
  await waitForGo();
  const cpuAtStart = process.cpuUsage();
  const result = await phase(spec.durationS);
  const { user, system } = process.cpuUsage(cpuAtStart);
  return { ...result, generatorCpuSeconds: (user + system) / 1e6 };
}

async function main() {
  if (spec.kind === 'saturation') return warmUpThenMeasure((durationS) => runSaturation({ ...spec, durationS }));
  const pool = new ConnectionPool(spec.url, spec);
  const result = await warmUpThenMeasure((durationS) => runOpenLoop(pool, { ...spec, durationS }));
  await pool.close();
  return result;
}

main().then((result) => {
  process.stdout.write(`${JSON.stringify({ type: 'result', result })}\n`, () => process.exit(0));
}, fail);
