// The load generator, run as its own (pinned) child process so that it shares no thread with the
// fake upstream or the orchestrator. Usage: node bench/load.mjs '<json load spec>'
// Protocol, one JSON object per line: it warms up, prints {"type":"ready"}, waits for a "go" line
// on stdin (the orchestrator snapshots CPU and RSS meanwhile), runs the measured phase, then prints
// {"type":"result","result":{...}} and exits.
import readline from 'node:readline';
import { createLoadPool, runOpenLoop } from './open-loop.mjs';
import { runSaturation } from './saturate.mjs';

/**
 * @typedef {object} LoadSpec
 * @property {'saturation' | 'open-loop'} kind
 * @property {string} url origin of the system under test
 * @property {boolean} stream
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

async function main() {
  if (spec.kind === 'saturation') {
    const phase = (durationS) => runSaturation({ ...spec, durationS });
    if (spec.warmupS > 0) await phase(spec.warmupS);
    emit({ type: 'ready' });
    await waitForGo();
    return phase(spec.durationS);
  }
  const pool = createLoadPool(spec.url, spec);
  const phase = (durationS) => runOpenLoop(pool, { ...spec, durationS });
  if (spec.warmupS > 0) await phase(spec.warmupS);
  emit({ type: 'ready' });
  await waitForGo();
  const result = await phase(spec.durationS);
  pool.destroy().catch(() => {});
  return result;
}

main().then((result) => {
  process.stdout.write(`${JSON.stringify({ type: 'result', result })}\n`, () => process.exit(0));
}, fail);
