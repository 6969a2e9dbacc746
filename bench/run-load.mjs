// The orchestrator's side of bench/load.mjs: start it pinned, let `onReady` take its snapshots
// between warm-up and measurement, and collect the result.
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { FIXTURE_NODE_FLAGS, spawnChild, stopChild } from './child-processes.mjs';

const LOAD_SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'load.mjs');

/**
 * Runs one load spec (see bench/load.mjs) in a child process; resolves with its result.
 * `onReady(loadPid)` runs between the warm-up and the measured phase.
 */
export async function runLoad(spec, { cpu = null, onReady = () => {} } = {}) {
  const child = spawnChild(process.execPath, [...FIXTURE_NODE_FLAGS, LOAD_SCRIPT, JSON.stringify(spec)], { cpu });
  const deadlineMs = (spec.warmupS + spec.durationS + 2 * spec.timeoutS + 90) * 1000;
  const timer = setTimeout(() => stopChild(child), deadlineMs);
  const exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve(signal ?? `code ${code}`));
    child.once('error', (error) => resolve(error.message));
  });
  try {
    for await (const line of readline.createInterface({ input: child.stdout })) {
      const message = JSON.parse(line);
      if (message.type === 'ready') {
        await onReady(child.pid);
        child.stdin.write('go\n');
      } else if (message.type === 'result') {
        return message.result;
      }
    }
    throw new Error(`load generator exited (${await exited}) without a result`);
  } finally {
    clearTimeout(timer);
    await stopChild(child);
  }
}
