// The systems under test, started one at a time: the fake upstream itself ("direct"), the bare
// pass-through proxy, and the gateway (dist/cli.js). Each gets a fresh process per run.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIXTURE_NODE_FLAGS, startService, stopChild } from './child-processes.mjs';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const GATEWAY_CLI = path.join(BENCH_DIR, '..', 'dist', 'cli.js');
/** The key the fake upstreams expect, and the gateway's providers send. */
export const UPSTREAM_API_KEY = 'sk-bench';

/** Starts the fake OpenAI upstream; `delayMs` delays every answer, `failRate` of them are answered 500. */
export async function startUpstream({ delayMs = 0, failRate = 0, cpu = null, logFile = null } = {}) {
  const script = path.join(BENCH_DIR, 'fake-upstream.mjs');
  const args = [...FIXTURE_NODE_FLAGS, script, '--delay-ms', String(delayMs), '--fail-rate', String(failRate), '--api-key', UPSTREAM_API_KEY];
  const service = await startService('fake upstream', process.execPath, args, { cpu, logFile });
  return { ...service, pids: [service.pid], stop: () => stopChild(service.child) };
}

/** The gateway configuration: OpenAI and Anthropic providers, both at the fake upstream. */
export function toGatewayConfig(upstreamUrl) {
  const provider = {
    keys: [{ name: 'bench', value: UPSTREAM_API_KEY, models: [], weight: 1 }],
    network_config: { base_url: upstreamUrl, default_request_timeout_in_seconds: 30 },
    concurrency_and_buffer_size: { concurrency: 20000, buffer_size: 20000 },
  };
  return { providers: { openai: provider, anthropic: provider } };
}

/**
 * Starts system `name` in front of `upstreamUrl`, pinned to `cpu`, with `nodeFlags` for Node;
 * resolves with `{ url, pid, stop }`. `pid` is null for "direct", the upstream itself. The gateway
 * gets `gatewayConfig`, or `toGatewayConfig(upstreamUrl)` without one; `requestLogs` `off` turns its request log off.
 */
export async function startSystem(name, { upstreamUrl, gatewayConfig, cpu = null, logFile = null, workDir, gatewayArgs = [], requestLogs = 'sqlite', nodeFlags = [] }) {
  if (name === 'direct') return { url: upstreamUrl, pid: null, stop: async () => {} };

  let service;
  if (name === 'bare-proxy') {
    const args = [...nodeFlags, path.join(BENCH_DIR, 'bare-proxy.mjs'), '--upstream', upstreamUrl, '--api-key', UPSTREAM_API_KEY];
    service = await startService('bare proxy', process.execPath, args, { cpu, logFile });
  } else if (name === 'gateway') {
    if (!fs.existsSync(GATEWAY_CLI)) throw new Error(`${path.relative(process.cwd(), GATEWAY_CLI)} does not exist; run npm run build`);
    const configFile = path.join(workDir, 'gateway.json');
    const config = gatewayConfig ?? toGatewayConfig(upstreamUrl);
    // The request log goes to SQLite in the work directory (--app-dir), as the CLI does by default.
    if (requestLogs === 'off') config.logs_store = { enabled: false };
    fs.writeFileSync(configFile, JSON.stringify(config, null, 2));
    // One process unless --gateway-args asks for workers (the CLI's default is one per core).
    const workers = gatewayArgs.some((arg) => arg === '--workers' || arg.startsWith('--workers=')) ? [] : ['--workers', '1'];
    const args = [...nodeFlags, GATEWAY_CLI, '--config', configFile, '--port', '0', '--host', '127.0.0.1', '--app-dir', workDir, ...workers, ...gatewayArgs];
    service = await startService('gateway', process.execPath, args, { cpu, logFile });
  } else {
    throw new Error(`unknown system "${name}"`);
  }
  return { url: service.url, pid: service.pid, stop: () => stopChild(service.child) };
}
