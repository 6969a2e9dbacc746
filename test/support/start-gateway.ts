import { type AddressInfo, createServer as createNetServer } from 'node:net';
import OpenAI from 'openai';
import { pino } from 'pino';
import { createGateway, createServer, type Gateway, type GatewayOptions, type ServerOptions } from '../../src/index.js';

/** A logger that writes nothing, so tests do not print the gateway's logs. */
export const silentLogger = pino({ level: 'silent' });

/** A gateway served over HTTP on 127.0.0.1 for one test (or one file). */
export interface StartedGateway {
  readonly gateway: Gateway;
  /** `http://127.0.0.1:PORT/v1`: what an OpenAI client takes as `baseURL`. */
  readonly baseURL: string;
  /** `http://127.0.0.1:PORT`. */
  readonly origin: string;
  /** An official OpenAI client for this gateway, without retries. */
  client(options?: ConstructorParameters<typeof OpenAI>[0]): OpenAI;
  /** Stops the server (cutting open connections) and closes the gateway. */
  close(): Promise<void>;
}

/** Options of `startGateway`: those of `createGateway` (the silent logger by default), plus the server's. */
export interface StartGatewayOptions extends GatewayOptions {
  server?: ServerOptions;
}

/** Builds a gateway with `createGateway` and serves it with `createServer` on 127.0.0.1, on a free port. */
export async function startGateway(options: StartGatewayOptions): Promise<StartedGateway> {
  const { server: serverOptions, ...gatewayOptions } = options;
  const gateway = createGateway({ logger: silentLogger, ...gatewayOptions });
  await gateway.ready();
  const served = createServer(gateway, { logger: silentLogger, ...serverOptions });
  await new Promise<void>((resolve, reject) => {
    served.server.once('error', reject);
    served.server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = served.server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  const baseURL = `${origin}/v1`;
  return {
    gateway,
    baseURL,
    origin,
    client: (clientOptions) => new OpenAI({ apiKey: 'unused', baseURL, maxRetries: 0, ...clientOptions }),
    async close() {
      await served.shutdown(0);
      await gateway.close();
    },
  };
}

/** The usual config of one OpenAI provider pointed at a fake upstream; `network` and `key` fields override the defaults. */
export function openaiConfig(
  upstreamUrl: string,
  overrides: { network?: Record<string, unknown>; key?: Record<string, unknown>; provider?: Record<string, unknown>; client?: Record<string, unknown> } = {},
) {
  return {
    ...(overrides.client ? { client: overrides.client } : {}),
    providers: {
      openai: {
        keys: [{ name: 'k1', value: 'sk-test', models: [], weight: 1, ...overrides.key }],
        network_config: { base_url: upstreamUrl, max_retries: 0, ...overrides.network },
        ...overrides.provider,
      },
    },
  };
}

/** A port nothing listens on: bound, then released. */
export async function closedPort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
