import cluster, { type Worker } from 'node:cluster';
import type { Logger } from '../logging/logger.js';
import { isSwitchyardMessage, type PrimaryMessage, type WorkerMessage } from './cluster-messages.js';
import { MetricsCollector } from './collect-metrics.js';
import { findFreePort } from './find-free-port.js';

/** The environment variable that tells a worker which port to listen on (the primary picks it once for `--port 0`). */
export const workerPortVariable = 'SWITCHYARD_WORKER_PORT';

export interface PrimaryOptions {
  workers: number;
  host: string;
  port: number;
  logger: Logger;
}

interface Member {
  readonly worker: Worker;
  /** Resolves with the worker's URL once it listens; rejects if it exits first. */
  readonly listened: Promise<string>;
  readonly exited: Promise<void>;
  listening: boolean;
  /** Asked to stop (shutdown, rolling restart): its exit is expected. */
  retiring: boolean;
  /** Started by a rolling restart: if it dies before listening, the restart stops and it is not replaced. */
  readonly replacement: boolean;
}

/**
 * The node:cluster primary: binds nothing itself; forks `workers` workers that
 * run the gateway and share the port; prints the listening line once all listen;
 * replaces a worker that dies (with a backoff); SIGTERM/SIGINT stop every worker
 * gracefully and exit 0 once all are gone; SIGHUP replaces the workers one at a
 * time (a new one listens before an old one drains).
 */
export async function runPrimary({ workers: count, host, port, logger }: PrimaryOptions): Promise<void> {
  const listenPort = port === 0 ? await findFreePort(host) : port;
  // Structured clone over IPC: metric values such as Infinity survive.
  cluster.setupPrimary({ serialization: 'advanced' });
  const members = new Map<number, Member>();
  const collector = new MetricsCollector();
  const crashes: number[] = [];
  const restartTimers = new Set<NodeJS.Timeout>();
  let started = false;
  let stopping = false;
  let restarting = false;

  const fork = (replacement = false): Member => {
    const worker = cluster.fork({ [workerPortVariable]: String(listenPort) });
    let onListening!: (url: string) => void;
    let onEarlyExit!: (error: Error) => void;
    let onExit!: () => void;
    const listened = new Promise<string>((resolve, reject) => {
      onListening = resolve;
      onEarlyExit = reject;
    });
    listened.catch(() => undefined);
    const exited = new Promise<void>((resolve) => (onExit = resolve));
    const member: Member = { worker, listened, exited, listening: false, retiring: false, replacement };
    members.set(worker.id, member);
    worker.on('message', (message: unknown) => {
      if (!isSwitchyardMessage<WorkerMessage>(message)) return;
      if (message.type === 'switchyard:listening') {
        member.listening = true;
        logger.info({ worker: worker.id, pid: worker.process.pid }, 'worker listening');
        onListening(message.url);
      } else if (message.type === 'switchyard:metrics') {
        collector.received(message.id, worker.id, message.metrics);
      } else if (message.type === 'switchyard:metrics-request') {
        const { id } = message;
        const live = [...members.values()].filter((other) => other.listening).map((other) => other.worker);
        void collector.collect(live).then(
          (text) => send(worker, { type: 'switchyard:metrics-text', id, text }),
          (error: unknown) => logger.error({ err: error }, 'could not aggregate the workers’ metrics'),
        );
      }
    });
    worker.once('exit', (code, signal) => {
      members.delete(worker.id);
      collector.forget(worker.id);
      onEarlyExit(new Error(`worker ${worker.id} exited (code ${code}, signal ${signal}) before listening`));
      onExit();
      exitedWorker(member, code, signal);
    });
    return member;
  };

  const exitedWorker = (member: Member, code: number | null, signal: string | null): void => {
    const { worker } = member;
    if (stopping) {
      logger.info({ worker: worker.id, pid: worker.process.pid, code, signal }, 'worker stopped');
      if (members.size === 0) {
        logger.info({}, 'stopped');
        process.exit(0);
      }
      return;
    }
    if (!started) {
      // A worker that cannot start (a bad config, a port in use) would fail again: give up with its exit code.
      logger.error({ worker: worker.id, code, signal }, 'a worker exited before listening: stopping');
      stopping = true;
      for (const other of members.values()) other.worker.process.kill('SIGKILL');
      process.exit(code === null || code === 0 ? 1 : code);
    }
    if (member.retiring) {
      logger.info({ worker: worker.id, pid: worker.process.pid, code, signal }, 'worker stopped');
      return;
    }
    if (member.replacement && !member.listening) return; // the rolling restart reports it and stops
    const now = Date.now();
    while (crashes.length > 0 && now - crashes[0]! > 60_000) crashes.shift();
    crashes.push(now);
    const delayMs = Math.min(100 * 2 ** (crashes.length - 1), 10_000);
    logger.warn({ worker: worker.id, pid: worker.process.pid, code, signal, restartInMs: delayMs }, 'worker died unexpectedly: starting a replacement');
    const timer = setTimeout(() => {
      restartTimers.delete(timer);
      if (!stopping) fork();
    }, delayMs);
    restartTimers.add(timer);
  };

  const retire = (member: Member): Promise<void> => {
    member.retiring = true;
    if (member.listening) send(member.worker, { type: 'switchyard:shutdown' });
    else member.worker.process.kill('SIGTERM'); // not serving yet: nothing to drain
    return member.exited;
  };

  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: killing the workers without waiting');
      for (const member of members.values()) member.worker.process.kill('SIGKILL');
      process.exit(1);
    }
    stopping = true;
    for (const timer of restartTimers) clearTimeout(timer);
    restartTimers.clear();
    logger.info({ signal, workers: members.size }, 'shutting down: every worker drains its in-flight requests');
    if (members.size === 0) process.exit(0);
    for (const member of members.values()) void retire(member);
  };

  const rollingRestart = async (): Promise<void> => {
    if (restarting || stopping || !started) {
      logger.warn({ restarting, stopping }, 'SIGHUP ignored: not serving steadily');
      return;
    }
    restarting = true;
    const old = [...members.values()].filter((member) => !member.retiring);
    logger.info({ workers: old.length }, 'rolling restart: replacing the workers one at a time');
    try {
      for (const member of old) {
        if (stopping) return;
        if (!members.has(member.worker.id)) continue; // died meanwhile: already replaced
        const fresh = fork(true);
        try {
          await fresh.listened;
        } catch (error) {
          logger.error({ err: error }, 'rolling restart stopped: a new worker did not start; the old ones keep serving');
          return;
        }
        if (stopping) return;
        await retire(member);
      }
      logger.info({ workers: members.size }, 'rolling restart done');
    } finally {
      restarting = false;
    }
  };

  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('SIGHUP', () => void rollingRestart());

  const first = Array.from({ length: count }, () => fork());
  const urls = await Promise.all(first.map((member) => member.listened));
  started = true;
  logger.info({ workers: count, pid: process.pid }, 'gateway started');
  process.stdout.write(`switchyard listening on ${urls[0]}\n`);
}

/** Sends a message to a worker; a worker that has just gone is no error. */
function send(worker: Worker, message: PrimaryMessage): void {
  if (!worker.isConnected()) return;
  worker.send(message, () => undefined);
}
