import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnthropicPassthroughFake as startAnthropicFake } from '../fake-upstreams/anthropic-passthrough-fake.js';
import { type StartedGateway, startGateway } from '../support/start-gateway.js';

describe('direct keys on the Anthropic surface', () => {
  let anthropicFake: Awaited<ReturnType<typeof startAnthropicFake>>;
  let served: StartedGateway;

  beforeAll(async () => {
    anthropicFake = await startAnthropicFake();
    served = await startGateway({
      config: {
        client: { allow_direct_keys: true },
        providers: { anthropic: { keys: [{ name: 'a', value: 'sk-ant-gateway', models: [], weight: 1 }], network_config: { base_url: anthropicFake.url, max_retries: 0 } } },
      },
    });
  });
  afterAll(async () => {
    await served?.close();
    await anthropicFake?.close();
  });

  it("uses the caller's x-api-key, or its bearer token, when client.allow_direct_keys is on", async () => {
    const byKey = new Anthropic({ apiKey: 'sk-ant-caller', baseURL: `${served.origin}/anthropic`, maxRetries: 0 });
    await byKey.messages.create({ model: 'claude-sonnet-5', max_tokens: 5, messages: [{ role: 'user', content: 'Hi' }] });
    expect(anthropicFake.requests.at(-1)!.headers['x-api-key']).toBe('sk-ant-caller');

    const byToken = new Anthropic({ apiKey: null, authToken: 'sk-ant-token', baseURL: `${served.origin}/anthropic`, maxRetries: 0 });
    await byToken.messages.create({ model: 'claude-sonnet-5', max_tokens: 5, messages: [{ role: 'user', content: 'Hi' }] });
    expect(anthropicFake.requests.at(-1)!.headers['x-api-key']).toBe('sk-ant-token');
    expect(anthropicFake.requests.at(-1)!.headers.authorization).toBeUndefined();
  });
});
