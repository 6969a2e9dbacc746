#!/usr/bin/env node
import cluster from 'node:cluster';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { parseCliArgs, usage, type CliArgs } from './cli-args.js';
import { isSwitchyardMessage, type PrimaryMessage, type WorkerMessage } from './cluster/cluster-messages.js';
import { runPrimary, workerPortVariable } from './cluster/run-primary.js';
import { connectWorkerMetrics } from './cluster/worker-metrics.js';
import { ConfigError } from './config/config-error.js';
import { readConfigFile } from './config/load-config-file.js';
import { createGateway } from './gateway.js';
import { createLogger } from './logging/logger.js';
import { createServer } from './server/create-server.js';

async function main(): Promise<void> {
  let args: CliArgs;
  try {
    args = parseCliArgs(process.argv.slice(2), process.env);
  } catch (error) {
    process.stderr.write(`switchyard: ${(error as Error).message}\n\n${usage}`);
    process.exit(2);
  }
  if (args.help) {
    process.stdout.write(usage);
    return;
  }
  if (args.version) {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    process.stdout.write(`${pkg.version}\n`);
    return;
  }

  const logger = createLogger(args.logLevel, args.logStyle);
  if (cluster.isPrimary && args.workers > 1) {
    await runPrimary({ workers: args.workers, host: args.host, port: args.port, logger });
    return;
  }
  // A cluster worker: the primary chose the port (one for all, `--port 0` included).
  const worker = cluster.isWorker ? cluster.worker : undefined;
  const port = worker === undefined ? args.port : Number(process.env[workerPortVariable]);

  const config = args.configPath === undefined ? undefined : readConfigFile(args.configPath);
  const gateway = createGateway({ config: config as Record<string, unknown> | undefined, configSource: args.configPath, logger, appDir: args.appDir });
  for (const warning of gateway.warnings) logger.warn({ config: args.configPath ?? 'defaults' }, warning);
  await gateway.ready();

  const workerMetrics = worker === undefined ? undefined : connectWorkerMetrics(gateway.metrics);
  const { server, shutdown } = createServer(gateway, {
    logger,
    worker: worker === undefined ? undefined : { id: String(worker.id), pid: process.pid, metricsExposition: () => workerMetrics!.exposition() },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // A deep accept queue: a burst of thousands of new connections must not overflow it (Node's default is 511).
    server.listen({ port, host: args.host, backlog: 4096 }, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let stopping = false;
  let signals = 0;
  /**
   * Drains and exits. A second signal exits at once. The primary's request to stop is not a
   * signal: a service manager that signals the whole process group (systemd's default) reaches a
   * worker both ways, and that is one shutdown, not two.
   */
  const stop = async (reason: string, fromSignal: boolean) => {
    if (fromSignal) signals++;
    if (stopping) {
      if (!fromSignal || signals < 2) return;
      logger.warn({ signal: reason }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    stopping = true;
    const timeoutMs = (gateway.config?.client.shutdown_timeout_seconds ?? 30) * 1000;
    logger.info({ signal: reason, timeoutMs, worker: worker?.id }, 'shutting down: draining in-flight requests');
    const { drained } = await shutdown(timeoutMs);
    workerMetrics?.close();
    await gateway.close();
    logger.info({ drained, worker: worker?.id }, 'stopped');
    logger.flush?.();
    process.exit(0);
  };
  process.on('SIGTERM', (signal) => void stop(signal, true));
  process.on('SIGINT', (signal) => void stop(signal, true));
  const url = `http://${host}:${address.port}`;
  if (worker !== undefined) {
    process.on('message', (message: unknown) => {
      if (isSwitchyardMessage<PrimaryMessage>(message) && message.type === 'switchyard:shutdown') void stop('primary: shutdown', false);
    });
    // The primary is gone (killed): nothing restarts or stops this worker any more, so it stops itself.
    process.on('disconnect', () => void stop('primary: disconnected', false));
    // A terminal hang-up reaches the whole process group: the rolling restart is the primary's to run.
    process.on('SIGHUP', () => undefined);
    logger.info({ worker: worker.id, pid: process.pid, providers: Object.keys(gateway.config?.providers ?? {}), config: args.configPath ?? 'defaults', requestLogs: gateway.logs?.store.kind ?? 'off' }, 'worker started');
    const listening: WorkerMessage = { type: 'switchyard:listening', url };
    process.send?.(listening);
    return;
  }
  logger.info({ providers: Object.keys(gateway.config?.providers ?? {}), config: args.configPath ?? 'defaults', requestLogs: gateway.logs?.store.kind ?? 'off', appDir: args.appDir }, 'gateway started');
  process.stdout.write(`switchyard listening on ${url}\n`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) process.stderr.write(`switchyard: ${error.message}\n`);
  else process.stderr.write(`switchyard: failed to start: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
