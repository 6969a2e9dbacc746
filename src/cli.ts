#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { parseCliArgs, usage, type CliArgs } from './cli-args.js';
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
  const config = args.configPath === undefined ? undefined : readConfigFile(args.configPath);
  const gateway = createGateway({ config: config as Record<string, unknown> | undefined, configSource: args.configPath, logger, appDir: args.appDir });
  for (const warning of gateway.warnings) logger.warn({ config: args.configPath ?? 'defaults' }, warning);
  await gateway.ready();

  const { server, shutdown } = createServer(gateway, { logger });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // A deep accept queue: a burst of thousands of new connections must not overflow it (Node's default is 511).
    server.listen({ port: args.port, host: args.host, backlog: 4096 }, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    stopping = true;
    const timeoutMs = (gateway.config?.client.shutdown_timeout_seconds ?? 30) * 1000;
    logger.info({ signal, timeoutMs }, 'shutting down: draining in-flight requests');
    const { drained } = await shutdown(timeoutMs);
    await gateway.close();
    logger.info({ drained }, 'stopped');
    logger.flush?.();
    process.exit(0);
  };
  process.on('SIGTERM', (signal) => void stop(signal));
  process.on('SIGINT', (signal) => void stop(signal));
  logger.info({ providers: Object.keys(gateway.config?.providers ?? {}), config: args.configPath ?? 'defaults', requestLogs: gateway.logs?.store.kind ?? 'off', appDir: args.appDir }, 'gateway started');
  process.stdout.write(`switchyard listening on http://${host}:${address.port}\n`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) process.stderr.write(`switchyard: ${error.message}\n`);
  else process.stderr.write(`switchyard: failed to start: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
