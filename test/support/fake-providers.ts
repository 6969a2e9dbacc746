import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { afterEach } from 'vitest';
import { type OpenAIUpstream, startOpenAIUpstream } from '../fake-upstreams/openai-upstream.js';
import { type StartedGateway, type StartGatewayOptions, startGateway } from './start-gateway.js';

/** Fake OpenAI upstreams by provider name, with a gateway in front of them. */
export interface FakeProviders<Name extends string> {
  fakes: Record<Name, OpenAIUpstream>;
  served: StartedGateway;
}

/**
 * Registers, in the enclosing `describe`, the closing of what `start` starts: each
 * test starts one fake OpenAI upstream per name and a gateway that serves each
 * fake as a provider of that name (an OpenAI-wire custom provider, one key,
 * `max_retries: 0` unless `network` says otherwise).
 */
export function fakeProvidersPerTest(): {
  start<Name extends string>(
    names: readonly Name[],
    gateway: (providers: Record<string, unknown>) => StartGatewayOptions,
    network?: Partial<Record<Name, Record<string, unknown>>>,
  ): Promise<FakeProviders<Name>>;
} {
  let fakes: OpenAIUpstream[] = [];
  let served: StartedGateway | undefined;
  afterEach(async () => {
    await served?.close();
    await Promise.all(fakes.map((fake) => fake.close()));
    served = undefined;
    fakes = [];
  });
  return {
    async start(names, gateway, network = {}) {
      const started = {} as Record<(typeof names)[number], OpenAIUpstream>;
      for (const name of names) fakes.push((started[name] = await startOpenAIUpstream()));
      const providers = Object.fromEntries(
        names.map((name) => [
          name,
          {
            keys: [{ name: `${name}-key`, value: `sk-${name}`, models: [], weight: 1 }],
            network_config: { base_url: started[name].url, max_retries: 0, retry_backoff_initial: 1, retry_backoff_max: 5, ...network[name] },
            custom_provider_config: { base_provider_type: 'openai' },
          },
        ]),
      );
      served = await startGateway(gateway(providers));
      return { fakes: started, served };
    },
  };
}

/** A logger that keeps what it writes (JSON lines, parsed), for tests that check the gateway's logs. */
export function capturingLogger(level = 'warn'): { logger: Logger; lines: () => Record<string, unknown>[] } {
  const written: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written.push(chunk.toString('utf8'));
      done();
    },
  });
  const logger = pino({ level }, sink);
  return { logger, lines: () => written.join('').split('\n').filter((line) => line !== '').map((line) => JSON.parse(line)) };
}
