import { afterEach, describe, expect, it } from 'vitest';
import { type BedrockUpstream, type BedrockUpstreamOptions, fakeVector, startBedrockUpstream } from '../fake-upstreams/bedrock-upstream.js';
import { type StartedGateway, startGateway } from '../support/start-gateway.js';

const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', sessionToken: 'FwoGZXIvYXdzEXAMPLETOKEN' };
const sigv4Key = {
  name: 'aws',
  value: '',
  bedrock_key_config: {
    access_key: credentials.accessKeyId,
    secret_key: credentials.secretAccessKey,
    session_token: credentials.sessionToken,
    region: 'eu-west-1',
    deployments: { claude: 'eu.anthropic.claude-3-7-sonnet-20250219-v1:0' },
  },
};
const claude = 'anthropic.claude-3-5-sonnet-20240620-v1:0';
const weatherTool = {
  type: 'function' as const,
  function: { name: 'get_weather', description: 'Current weather of a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
};

describe('the bedrock provider through the official OpenAI SDK', () => {
  let upstream: BedrockUpstream | undefined;
  let served: StartedGateway | undefined;
  afterEach(async () => {
    await served?.close();
    await upstream?.close();
    served = upstream = undefined;
  });

  const start = async (key: Record<string, unknown> = sigv4Key, options: BedrockUpstreamOptions = { credentials, region: 'eu-west-1' }) => {
    upstream = await startBedrockUpstream(options);
    served = await startGateway({
      config: { providers: { bedrock: { keys: [{ models: [], weight: 1, ...key }], network_config: { base_url: upstream.url, max_retries: 0 } } } },
    });
    return { upstream, client: served.client() };
  };

  it('answers a chat through Converse, signed with SigV4 for the key region and service', async () => {
    const { upstream, client } = await start();
    upstream.enqueue({ kind: 'reply', text: 'Bonjour !', finish: 'stop', usage: { prompt: 30, completion: 4, cachedPrompt: 20 } });
    const completion = await client.chat.completions.create({
      model: `bedrock/${claude}`,
      messages: [
        { role: 'system', content: 'Answer in French.' },
        { role: 'user', content: 'Hello' },
      ],
      max_tokens: 64,
    });

    expect(completion.choices[0]).toMatchObject({ message: { role: 'assistant', content: 'Bonjour !' }, finish_reason: 'stop', native_finish_reason: 'end_turn' });
    expect(completion.usage).toMatchObject({ prompt_tokens: 30, completion_tokens: 4, total_tokens: 34, prompt_tokens_details: { cached_tokens: 20 } });
    expect(completion.id).toMatch(/^chatcmpl-/);
    expect(completion.model).toBe(claude);
    const request = upstream.requests[0];
    expect(request.url).toBe('/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse');
    expect(request.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE\/\d{8}\/eu-west-1\/bedrock\/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}$/);
    expect(request.headers['x-amz-security-token']).toBe(credentials.sessionToken);
    expect(upstream.auth).toEqual([{ kind: 'sigv4', accessKeyId: credentials.accessKeyId }]);
    expect(upstream.received()[0]).toMatchObject({ system: 'Answer in French.', maxTokens: 64, stream: false });
  });

  it('streams parallel tool calls assembled from their input deltas', async () => {
    const { upstream, client } = await start();
    upstream.enqueue({
      kind: 'reply',
      text: 'Checking.',
      toolCalls: [
        { id: 'tooluse_a', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { id: 'tooluse_b', name: 'get_weather', arguments: '{"city":"Oslo"}' },
      ],
      finish: 'tool_calls',
      usage: { prompt: 50, completion: 20 },
    });
    const stream = await client.chat.completions.create({
      model: `bedrock/${claude}`,
      messages: [{ role: 'user', content: 'Weather in Paris and Oslo?' }],
      tools: [weatherTool],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    const calls: Array<{ id: string; name: string; arguments: string }> = [];
    let finish: string | null = null;
    let usage: unknown;
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      if (chunk.usage) usage = chunk.usage;
      if (!choice) continue;
      text += choice.delta.content ?? '';
      for (const call of choice.delta.tool_calls ?? []) {
        const entry = (calls[call.index] ??= { id: '', name: '', arguments: '' });
        entry.id ||= call.id ?? '';
        entry.name += call.function?.name ?? '';
        entry.arguments += call.function?.arguments ?? '';
      }
      finish = choice.finish_reason ?? finish;
    }

    expect(text).toBe('Checking.');
    expect(calls.map((call) => [call.id, call.name, JSON.parse(call.arguments)])).toEqual([
      ['tooluse_a', 'get_weather', { city: 'Paris' }],
      ['tooluse_b', 'get_weather', { city: 'Oslo' }],
    ]);
    expect(finish).toBe('tool_calls');
    expect(usage).toMatchObject({ prompt_tokens: 50, completion_tokens: 20, total_tokens: 70 });
    expect(upstream.requests[0].url).toBe('/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse-stream');
    expect(upstream.auth[0].kind).toBe('sigv4');
  });

  it('calls the model id a deployment names, and reports dropped parameters in a warnings header', async () => {
    const { upstream, client } = await start();
    const { data, response } = await client.chat.completions
      .create({ model: 'bedrock/claude', messages: [{ role: 'user', content: 'Hi' }], seed: 7, reasoning_effort: 'low' })
      .withResponse();

    expect(data.choices[0].message.content).toBe('Hello there!');
    expect(data.model).toBe('claude');
    expect(upstream.requests[0].url).toBe('/model/eu.anthropic.claude-3-7-sonnet-20250219-v1%3A0/converse');
    expect(upstream.requests[0].body).toMatchObject({ additionalModelRequestFields: { thinking: { type: 'enabled', budget_tokens: 2048 } }, inferenceConfig: { maxTokens: 6144 } });
    expect(response.headers.get('x-switchyard-warnings')).toBe('seed is not supported by bedrock and was dropped');
  });

  it('sends a Bedrock API key as a bearer token, unsigned', async () => {
    const { upstream, client } = await start({ name: 'api-key', value: 'ABSKQmVkcm9ja0FQSUtleS1example' }, { apiKey: 'ABSKQmVkcm9ja0FQSUtleS1example' });
    await client.chat.completions.create({ model: `bedrock/${claude}`, messages: [{ role: 'user', content: 'Hi' }] });

    expect(upstream.requests[0].headers.authorization).toBe('Bearer ABSKQmVkcm9ja0FQSUtleS1example');
    expect(upstream.requests[0].headers['x-amz-date']).toBeUndefined();
    expect(upstream.auth).toEqual([{ kind: 'bearer' }]);
  });

  it('maps a throttled request to a 429 and refused credentials to provider_auth_failed', async () => {
    const { upstream, client } = await start();
    upstream.enqueue({ kind: 'error', error: 'rate-limit' });
    await expect(client.chat.completions.create({ model: `bedrock/${claude}`, messages: [{ role: 'user', content: 'Hi' }] })).rejects.toMatchObject({
      status: 429,
      error: { code: 'rate_limited', type: 'rate_limit_error' },
    });
    await served!.close();
    await upstream.close();

    const wrongSecret = { ...sigv4Key, bedrock_key_config: { ...sigv4Key.bedrock_key_config, secret_key: 'not-the-secret' } };
    const second = await start(wrongSecret);
    await expect(second.client.chat.completions.create({ model: `bedrock/${claude}`, messages: [{ role: 'user', content: 'Hi' }] })).rejects.toMatchObject({
      status: 502,
      error: { code: 'provider_auth_failed' },
    });
    expect(second.upstream.auth[0]).toMatchObject({ kind: 'refused', reason: expect.stringContaining('signature we calculated does not match') });
  });

  it('ends a stream with an error event when Bedrock sends an exception after output', async () => {
    const { upstream, client } = await start();
    upstream.enqueue({ kind: 'stream-failure', textBefore: 'Partial ', error: 'overloaded' });
    const stream = await client.chat.completions.create({ model: `bedrock/${claude}`, messages: [{ role: 'user', content: 'Hi' }], stream: true });
    let text = '';
    const failure = await (async () => {
      try {
        for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
      } catch (error) {
        return error;
      }
      return undefined;
    })();

    expect(text).toBe('Partial ');
    expect(failure).toMatchObject({ error: { code: 'upstream_overloaded' } });
  });

  it('refuses an image URL with a clear invalid_request, before calling Bedrock', async () => {
    const { upstream, client } = await start();
    await expect(
      client.chat.completions.create({
        model: `bedrock/${claude}`,
        messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/cat.png' } }] }],
      }),
    ).rejects.toMatchObject({ status: 400, error: { code: 'invalid_request', param: 'messages[0].content[0].image_url.url' } });
    expect(upstream.requests).toHaveLength(0);
  });

  it('embeds with Titan, one call per input, and with Cohere, in one call', async () => {
    const { upstream, client } = await start();
    const titan = await client.embeddings.create({ model: 'bedrock/amazon.titan-embed-text-v2:0', input: ['first text', 'second one here'], dimensions: 8 });
    expect(titan.data.map((entry) => entry.embedding)).toEqual([fakeVector('first text', 8), fakeVector('second one here', 8)]);
    expect(titan.usage).toEqual({ prompt_tokens: 5, total_tokens: 5 });
    expect(upstream.requests.map((request) => [request.url, request.body])).toEqual([
      ['/model/amazon.titan-embed-text-v2%3A0/invoke', expect.objectContaining({ dimensions: 8 })],
      ['/model/amazon.titan-embed-text-v2%3A0/invoke', expect.objectContaining({ dimensions: 8 })],
    ]);
    expect(new Set(upstream.requests.map((request) => (request.body as { inputText: string }).inputText))).toEqual(new Set(['first text', 'second one here']));

    const cohere = await client.embeddings.create({ model: 'bedrock/cohere.embed-english-v3', input: ['alpha', 'beta gamma'], encoding_format: 'float' });
    expect(cohere.data.map((entry) => [entry.index, entry.embedding])).toEqual([
      [0, fakeVector('alpha', 8)],
      [1, fakeVector('beta gamma', 8)],
    ]);
    expect(cohere.usage).toEqual({ prompt_tokens: 3, total_tokens: 3 });
    expect(upstream.requests[2].body).toEqual({ texts: ['alpha', 'beta gamma'], input_type: 'search_document' });
    expect(upstream.auth.every((entry) => entry.kind === 'sigv4')).toBe(true);
  });
});
