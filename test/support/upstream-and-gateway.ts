import { afterEach } from 'vitest';
import { type OpenAIUpstream, startOpenAIUpstream } from '../fake-upstreams/openai-upstream.js';
import { type StartedGateway, type StartGatewayOptions, startGateway } from './start-gateway.js';

/** A fake OpenAI upstream with a gateway in front of it. */
export interface UpstreamAndGateway {
  upstream: OpenAIUpstream;
  served: StartedGateway;
}

/**
 * Registers, in the enclosing `describe`, the closing of what `start` starts:
 * each test starts its own fake upstream and gateway, and both are closed after it.
 */
export function upstreamAndGatewayPerTest(): {
  start(gateway: (upstreamUrl: string) => StartGatewayOptions, upstream?: Parameters<typeof startOpenAIUpstream>[0]): Promise<UpstreamAndGateway>;
} {
  let upstream: OpenAIUpstream | undefined;
  let served: StartedGateway | undefined;
  afterEach(async () => {
    await served?.close();
    await upstream?.close();
    served = undefined;
    upstream = undefined;
  });
  return {
    async start(gateway, upstreamOptions) {
      upstream = await startOpenAIUpstream(upstreamOptions);
      served = await startGateway(gateway(upstream.url));
      return { upstream, served };
    },
  };
}
