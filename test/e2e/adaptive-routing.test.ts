import type OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { type OpenAIUpstream, startOpenAIUpstream } from '../fake-upstreams/openai-upstream.js';
import { type StartedGateway, startGateway } from '../support/start-gateway.js';

/** A seeded pseudo-random source (mulberry32), so that the gateway's choices repeat from run to run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Sends `count` chat requests, `concurrency` at a time, each worker waiting for its answer before sending the next. */
async function send(client: OpenAI, count: number, concurrency = 8): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      await client.chat.completions.create({ model: 'ollama/gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

describe('balancing a provider’s keys by their health (two keys, each on its own fake upstream)', () => {
  let slow: OpenAIUpstream | undefined;
  let fast: OpenAIUpstream | undefined;
  let served: StartedGateway | undefined;

  afterEach(async () => {
    await served?.close();
    await slow?.close();
    await fast?.close();
    served = slow = fast = undefined;
  });

  /** Two ollama keys (a key names its own server), `slow` listed first; both answer in 10 ms until told otherwise. */
  async function start(routing: Record<string, unknown>, provider: Record<string, unknown> = {}) {
    slow = await startOpenAIUpstream({ defaults: { delayMs: 10 } });
    fast = await startOpenAIUpstream({ defaults: { delayMs: 10 } });
    served = await startGateway({
      random: seeded(5),
      config: {
        routing,
        providers: {
          ollama: {
            keys: [
              { name: 'slow', value: '', models: [], weight: 1, ollama_key_config: { url: slow.url } },
              { name: 'fast', value: '', models: [], weight: 1, ollama_key_config: { url: fast.url } },
            ],
            network_config: { max_retries: 0 },
            ...provider,
          },
        },
      },
    });
    return { slow, fast, client: served.client() };
  }

  /** The share of the requests sent by `run` that reached `upstream`. */
  async function shareOf(upstream: OpenAIUpstream, other: OpenAIUpstream, run: () => Promise<void>): Promise<number> {
    const before = [upstream.requests.length, other.requests.length];
    await run();
    const mine = upstream.requests.length - before[0];
    return mine / (mine + other.requests.length - before[1]);
  }

  it('moves at least 80% of traffic to the fast key while the other answers in 300 ms, and returns to the weights once it recovers', async () => {
    const { slow, fast, client } = await start({ strategy: 'adaptive' });
    slow.script({ delayMs: 300 }, { times: 1_000_000 });

    await send(client, 100);
    expect(await shareOf(fast, slow, () => send(client, 100))).toBeGreaterThanOrEqual(0.8);
    expect(slow.requests.length).toBeGreaterThan(0); // still sampled

    slow.reset(); // back to 10 ms
    await send(client, 200);
    const slowShare = await shareOf(slow, fast, () => send(client, 100));
    expect(slowShare).toBeGreaterThan(0.3);
    expect(slowShare).toBeLessThan(0.7);
  });

  it('does the same by least latency when the provider asks for it (key_selection)', async () => {
    const { slow, fast, client } = await start({ strategy: 'weighted' }, { key_selection: 'least-latency' });
    slow.script({ delayMs: 300 }, { times: 1_000_000 });

    await send(client, 50);
    expect(await shareOf(fast, slow, () => send(client, 100))).toBeGreaterThanOrEqual(0.8);
  });

  it('keeps to the configured weights with the weighted strategy, however slow a key is', async () => {
    const { slow, fast, client } = await start({ strategy: 'weighted' });
    slow.script({ delayMs: 100 }, { times: 1_000_000 });

    const slowShare = await shareOf(slow, fast, () => send(client, 100, 20));
    expect(slowShare).toBeGreaterThan(0.3);
    expect(slowShare).toBeLessThan(0.7);
  });

  it('alternates keys with round-robin', async () => {
    const { slow, fast, client } = await start({ strategy: 'round-robin' });

    await send(client, 10, 1);
    expect(slow.requests).toHaveLength(5);
    expect(fast.requests).toHaveLength(5);
  });
});
