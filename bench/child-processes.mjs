// Every process the bench starts goes through here, so that all of them can be stopped at the
// end, on error and on SIGINT, and none outlives the run.
import { spawn } from 'node:child_process';
import fs from 'node:fs';

const STOP_GRACE_MS = 3000;

/**
 * Node flags of the bench's own processes (load generator, fake upstream). Each is pinned to one
 * core shared with the other, so parallel GC helper threads only compete with the main thread:
 * with 5,000 requests in flight (scenario e) single-threaded GC roughly halves the fixture's own p99.
 * The systems under test run with Node's defaults.
 */
export const FIXTURE_NODE_FLAGS = ['--single-threaded-gc'];
const running = new Set();

/**
 * Spawns `command` pinned to `cpu` with taskset (unless `cpu` is null). stdin is a pipe that our
 * own helpers watch to exit with us; stdout is a pipe; stderr goes to `logFile` or is inherited.
 */
export function spawnChild(command, args, { cpu = null, logFile = null } = {}) {
  const stderr = logFile ? fs.openSync(logFile, 'a') : 'inherit';
  const [file, argv] = cpu === null ? [command, args] : ['taskset', ['-c', String(cpu), command, ...args]];
  const child = spawn(file, argv, { stdio: ['pipe', 'pipe', stderr] });
  if (typeof stderr === 'number') fs.closeSync(stderr);
  running.add(child);
  child.on('exit', () => running.delete(child));
  child.on('error', () => running.delete(child)); // e.g. taskset missing; callers see no exit
  child.stdin.on('error', () => {}); // the child may exit before reading what we write
  return child;
}

/** SIGTERM, then SIGKILL after a grace period; resolves once the child has exited. */
export function stopChild(child) {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Stops every child still running. */
export function stopAllChildren() {
  return Promise.all([...running].map(stopChild));
}

/** Last resort on process exit: synchronous SIGKILL to whatever is left. */
export function killAllChildrenNow() {
  for (const child of running) child.kill('SIGKILL');
}

/**
 * Starts a server that prints `... listening on http://HOST:PORT` on stdout and resolves with
 * `{ url, pid, child }` once it has. Rejects if it exits or stays silent for `timeoutMs`.
 */
export function startService(name, command, args, { cpu = null, logFile = null, timeoutMs = 15_000 } = {}) {
  const child = spawnChild(command, args, { cpu, logFile });
  return new Promise((resolve, reject) => {
    let seen = '';
    const fail = (reason) => {
      clearTimeout(timer);
      stopChild(child);
      const hint = logFile ? ` (see ${logFile})` : '';
      reject(new Error(`${name} did not start: ${reason}${hint}`));
    };
    const timer = setTimeout(() => fail(`no "listening on" line within ${timeoutMs} ms`), timeoutMs);
    const onError = (error) => fail(error.message);
    const onExit = (code, signal) => fail(`exited with ${signal ?? `code ${code}`}`);
    child.once('error', onError);
    child.once('exit', onExit);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', function onData(text) {
      seen += text;
      const match = seen.match(/listening on (http:\/\/\S+)/);
      if (!match) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      child.off('error', onError);
      child.stdout.off('data', onData);
      child.stdout.resume(); // keep draining so that later output never blocks the service
      resolve({ url: new URL(match[1]).origin, pid: child.pid, child });
    });
  });
}
