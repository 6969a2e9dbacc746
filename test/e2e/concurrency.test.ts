import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type ChatRequest, createGateway, type Gateway, type GatewayError } from '../../src/index.js';
import { startOpenAIUpstream, type OpenAIUpstream } from '../fake-upstreams/openai-upstream.js';
import { defaultDeltas, toChatCompletion } from '../fake-upstreams/openai-wire.js';
import { openaiConfig, silentLogger, startGateway, type StartedGateway } from '../support/start-gateway.js';

const request: ChatRequest = { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hello?' }] };
const BURST = 2000;
const CONCURRENCY = 50;

/** A fake upstream that counts the requests it is answering at once, from their arrival to the end of the answer. */
interface CountingUpstream {
  readonly url: string;
  readonly received: number;
  readonly maxInFlight: number;
  /** `performance.now()` when the first answer was sent; `undefined` before. */
  readonly firstAnswerAt: number | undefined;
  close(): Promise<void>;
}

async function startCountingUpstream(delayMs: number): Promise<CountingUpstream> {
  let received = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let firstAnswerAt: number | undefined;
  const server: Server = createServer((req, res) => {
    received++;
    maxInFlight = Math.max(maxInFlight, ++inFlight);
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(parts).toString('utf8'));
      setTimeout(() => {
        const text = JSON.stringify(toChatCompletion(`chatcmpl-${received}`, body, { deltas: defaultDeltas, toolCalls: [], argumentFragmentLength: 5 }));
        firstAnswerAt ??= performance.now();
        inFlight--;
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
        res.end(text);
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get received() {
      return received;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    get firstAnswerAt() {
      return firstAnswerAt;
    },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

/** Settles every call and records, for each, when it settled and how. */
async function burst(gateway: Gateway, count: number, signalOf: (index: number) => AbortSignal | undefined = () => undefined) {
  const startedAt = performance.now();
  const calls = Array.from({ length: count }, (_, index) =>
    gateway.chat(request, { signal: signalOf(index) }).then(
      (response) => ({ ok: true as const, at: performance.now(), content: response.choices[0].message.content }),
      (error: GatewayError) => ({ ok: false as const, at: performance.now(), error }),
    ),
  );
  const outcomes = await Promise.all(calls);
  return { outcomes, elapsedMs: performance.now() - startedAt };
}

describe('concurrency and queueing per provider (concurrency_and_buffer_size, client.drop_excess_requests)', () => {
  let upstream: CountingUpstream | undefined;
  let gateway: Gateway | undefined;

  afterEach(async () => {
    await gateway?.close();
    await upstream?.close();
    gateway = upstream = undefined;
  });

  async function start(delayMs: number, concurrency: Record<string, number>, client: Record<string, unknown> = {}) {
    upstream = await startCountingUpstream(delayMs);
    gateway = createGateway({ logger: silentLogger, config: openaiConfig(upstream.url, { client, provider: { concurrency_and_buffer_size: concurrency } }) });
    await gateway.ready();
    return { upstream, gateway };
  }

  it(`keeps at most ${CONCURRENCY} requests in flight upstream under a burst of ${BURST}, and answers every one (waiting beyond buffer_size)`, async () => {
    const { upstream, gateway } = await start(10, { concurrency: CONCURRENCY, buffer_size: 10 });
    const { outcomes, elapsedMs } = await burst(gateway, BURST);

    expect(outcomes.filter((outcome) => !outcome.ok)).toEqual([]);
    expect(outcomes.every((outcome) => outcome.ok && outcome.content === 'Hello from the fake upstream.')).toBe(true);
    expect(upstream.received).toBe(BURST);
    expect(upstream.maxInFlight).toBe(CONCURRENCY);
    expect(elapsedMs).toBeLessThan(10_000);
  });

  it('with drop_excess_requests, refuses the requests beyond concurrency + buffer_size at once with 429 provider_queue_full and serves the rest', async () => {
    const { upstream, gateway } = await start(100, { concurrency: CONCURRENCY, buffer_size: 100 }, { drop_excess_requests: true });
    const { outcomes, elapsedMs } = await burst(gateway, BURST);

    const served = outcomes.filter((outcome) => outcome.ok);
    const refused = outcomes.flatMap((outcome) => (outcome.ok ? [] : [outcome]));
    expect(served).toHaveLength(CONCURRENCY + 100);
    expect(refused).toHaveLength(BURST - CONCURRENCY - 100);
    for (const { error } of refused) expect(error).toMatchObject({ code: 'provider_queue_full', status: 429, type: 'rate_limit_error', provider: 'openai' });
    // at once: every refusal came before the upstream's first answer
    expect(Math.max(...refused.map((outcome) => outcome.at))).toBeLessThan(upstream.firstAnswerAt!);
    expect(upstream.received).toBe(CONCURRENCY + 100);
    expect(upstream.maxInFlight).toBe(CONCURRENCY);
    expect(elapsedMs).toBeLessThan(10_000);
  });

  it('drops the waiting requests whose callers went away, and serves all the others', async () => {
    const { upstream, gateway } = await start(10, { concurrency: CONCURRENCY, buffer_size: 10 });
    const controllers = new Map<number, AbortController>();
    const leaves = (index: number) => index >= 1000 && index % 4 === 0;
    const pending = burst(gateway, BURST, (index) => {
      if (!leaves(index)) return undefined;
      const controller = new AbortController();
      controllers.set(index, controller);
      return controller.signal;
    });
    // the first requests are upstream, the callers that leave are still waiting (1,000 ahead of them)
    while (upstream.received < CONCURRENCY) await new Promise((resolve) => setTimeout(resolve, 1));
    for (const controller of controllers.values()) controller.abort();
    const { outcomes } = await pending;

    const left = outcomes.filter((_, index) => leaves(index));
    expect(left.every((outcome) => !outcome.ok && outcome.error.code === 'request_cancelled')).toBe(true);
    expect(outcomes.filter((outcome, index) => !leaves(index) && !outcome.ok)).toEqual([]);
    expect(upstream.received).toBe(BURST - controllers.size);
    expect(upstream.maxInFlight).toBe(CONCURRENCY);
  });
});

describe('queueing as the caller sees it', () => {
  let upstream: OpenAIUpstream | undefined;
  let served: StartedGateway | undefined;

  afterEach(async () => {
    await served?.close();
    await upstream?.close();
    served = upstream = undefined;
  });

  it('answers HTTP 429 provider_queue_full when the queue is full and drop_excess_requests is on', async () => {
    upstream = await startOpenAIUpstream();
    upstream.script({ delayMs: 300 });
    served = await startGateway({
      config: openaiConfig(upstream.url, { client: { drop_excess_requests: true }, provider: { concurrency_and_buffer_size: { concurrency: 1, buffer_size: 0 } } }),
    });
    const post = () =>
      fetch(`${served!.baseURL}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) });
    const holding = post();
    await upstream.waitForRequests(1);

    const refused = await post();
    expect(refused.status).toBe(429);
    expect(refused.headers.get('x-switchyard-attempts')).toBe('0');
    expect(await refused.json()).toMatchObject({ error: { code: 'provider_queue_full', type: 'rate_limit_error' } });
    expect((await holding).status).toBe(200);
    expect(upstream.requests).toHaveLength(1);
  });

  it('fails a request that waited longer than the request timeout with 504 provider_queue_timeout', async () => {
    upstream = await startOpenAIUpstream();
    // a stream that holds the only slot for about a second, never silent for longer than the 0.3 s timeout
    upstream.script({ chunkDelayMs: 150 });
    const gateway = createGateway({
      logger: silentLogger,
      config: openaiConfig(upstream.url, { network: { default_request_timeout_in_seconds: 0.3 }, provider: { concurrency_and_buffer_size: { concurrency: 1 } } }),
    });
    try {
      const stream = gateway.chatStream(request);
      const first = await stream.next();
      expect(first.done).toBe(false);

      const startedAt = performance.now();
      await expect(gateway.chat(request)).rejects.toMatchObject({ code: 'provider_queue_timeout', status: 504, failureClass: 'timeout' });
      expect(performance.now() - startedAt).toBeGreaterThanOrEqual(290);
      for await (const _ of stream);
      expect(upstream.requests).toHaveLength(1);
      await expect(gateway.chat(request)).resolves.toMatchObject({ object: 'chat.completion' });
    } finally {
      await gateway.close();
    }
  });
});
