import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startAnthropicPassthroughFake as startAnthropicFake } from '../fake-upstreams/anthropic-passthrough-fake.js';
import { toMessage } from '../fake-upstreams/anthropic-wire.js';
import { type GeminiUpstream, startGeminiUpstream } from '../fake-upstreams/gemini-upstream.js';
import { type OpenAIUpstream, startOpenAIUpstream } from '../fake-upstreams/openai-upstream.js';
import { type StartedGateway, startGateway } from '../support/start-gateway.js';


const weatherTool = {
  name: 'get_weather',
  description: 'Current weather of a city',
  input_schema: { type: 'object' as const, properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['c', 'f'] } }, required: ['city'] },
};

describe('the Anthropic Messages drop-in surface, with the official Anthropic SDK', () => {
  let anthropicFake: Awaited<ReturnType<typeof startAnthropicFake>>;
  let openai: OpenAIUpstream;
  let gemini: GeminiUpstream;
  let served: StartedGateway;
  let client: Anthropic;
  let seenAnthropic = 0;

  beforeAll(async () => {
    anthropicFake = await startAnthropicFake();
    openai = await startOpenAIUpstream();
    gemini = await startGeminiUpstream({ apiKey: 'AIza-test-key' });
    served = await startGateway({
      config: {
        providers: {
          openai: { keys: [{ name: 'o', value: 'sk-test', models: [], weight: 1 }], network_config: { base_url: openai.url, max_retries: 0 } },
          anthropic: { keys: [{ name: 'a', value: 'sk-ant-gateway', models: [], weight: 1 }], network_config: { base_url: anthropicFake.url, max_retries: 0 } },
          gemini: { keys: [{ name: 'g', value: 'AIza-test-key', models: [], weight: 1 }], network_config: { base_url: gemini.url, max_retries: 0 } },
        },
      },
    });
    client = new Anthropic({ apiKey: 'sk-ant-caller', baseURL: `${served.origin}/anthropic`, maxRetries: 0 });
  });
  afterAll(async () => {
    await served?.close();
    await Promise.all([anthropicFake?.close(), openai?.close(), gemini?.close()]);
  });
  beforeEach(() => {
    seenAnthropic = anthropicFake.requests.length;
    openai.reset();
  });
  const anthropicRequests = () => anthropicFake.requests.slice(seenAnthropic);
  const lastOpenAIBody = () => openai.requests.at(-1)!.body;

  describe('to an Anthropic provider: a faithful pass-through', () => {
    const body = {
      model: 'anthropic/claude-sonnet-4-5',
      max_tokens: 2048,
      system: [
        { type: 'text' as const, text: 'You are terse.', cache_control: { type: 'ephemeral' as const } },
        { type: 'text' as const, text: 'Answer in English.' },
      ],
      thinking: { type: 'enabled' as const, budget_tokens: 1024 },
      messages: [
        { role: 'user' as const, content: [{ type: 'text' as const, text: 'Hi', cache_control: { type: 'ephemeral' as const } }] },
        { role: 'assistant' as const, content: [{ type: 'thinking' as const, thinking: 'They greet me.', signature: 'EqQBsig' }, { type: 'text' as const, text: 'Hello.' }] },
        { role: 'user' as const, content: 'How are you?' },
      ],
      top_k: 5,
    };

    it('sends the body unchanged but for the model, with the caller anthropic-beta header and the gateway key, and relays the answer', async () => {
      const { data, response } = await client.messages
        .create(body, { headers: { 'anthropic-beta': 'interleaved-thinking-2025-05-14', 'anthropic-dangerous-direct-browser-access': 'true' } })
        .withResponse();

      const [received] = anthropicRequests();
      expect(received.url).toBe('/v1/messages');
      expect(received.body).toEqual({ ...body, model: 'claude-sonnet-4-5' });
      expect(received.headers['anthropic-beta']).toBe('interleaved-thinking-2025-05-14');
      expect(received.headers['anthropic-dangerous-direct-browser-access']).toBe('true');
      expect(received.headers['anthropic-version']).toBe('2023-06-01');
      expect(received.headers['x-api-key']).toBe('sk-ant-gateway');
      expect(data).toEqual(toMessage({ kind: 'reply', text: 'Hello from Claude.', finish: 'stop', usage: { prompt: 20, completion: 5, cachedPrompt: 8 } }, 'msg_01Fake', 'claude-sonnet-4-5', false));
      expect(response.headers.get('request-id')).toBe('req_011CFake');
      expect(response.headers.get('anthropic-ratelimit-requests-remaining')).toBe('49');
      expect(response.headers.get('anthropic-organization-id')).toBeNull();
      expect(response.headers.get('x-switchyard-provider')).toBe('anthropic');
    });

    it('sends a bare Claude model name that no key lists to the Anthropic provider, unchanged', async () => {
      const message = await client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] });
      expect(message.model).toBe('claude-haiku-4-5');
      expect(anthropicRequests()[0].body).toMatchObject({ model: 'claude-haiku-4-5' });
    });

    it('relays a stream byte for byte', async () => {
      anthropicFake.answers.push({ kind: 'reply', reasoning: 'Thinking it over.', text: 'Fine, thanks!', finish: 'stop', usage: { prompt: 30, completion: 9 } });
      const response = await fetch(`${served.origin}/anthropic/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': 'sk-ant-caller', 'anthropic-version': '2023-06-01' },
        body: JSON.stringify({ ...body, stream: true }),
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      expect(response.headers.get('request-id')).toBe('req_011CFake');
      expect(await response.text()).toBe(anthropicFake.written.at(-1));
      expect(anthropicRequests()[0].body).toEqual({ ...body, stream: true, model: 'claude-sonnet-4-5' });
    });

    it('cancels the upstream stream when the client goes away', async () => {
      anthropicFake.answers.push({ kind: 'stall' });
      const controller = new AbortController();
      const response = await fetch(`${served.origin}/anthropic/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...body, stream: true }),
        signal: controller.signal,
      });
      const reader = response.body!.getReader();
      const first = new TextDecoder().decode((await reader.read()).value);
      expect(first).toMatch(/^event: message_start\n/);
      const aborted = anthropicFake.nextAbort();
      controller.abort();
      await aborted;
    });

    it('streams through the SDK helpers, thinking and text assembled', async () => {
      anthropicFake.answers.push({ kind: 'reply', reasoning: 'Thinking it over.', text: 'Fine, thanks!', finish: 'stop', usage: { prompt: 30, completion: 9 } });
      const message = await client.messages.stream(body).finalMessage();
      expect(message.content).toEqual([
        { type: 'thinking', thinking: 'Thinking it over.', signature: 'EqQBCgIYAhIMFakeSignature' },
        { type: 'text', text: 'Fine, thanks!' },
      ]);
      expect(message.stop_reason).toBe('end_turn');
    });

    it("counts tokens with Anthropic's own count", async () => {
      const count = await client.messages.countTokens({ model: 'anthropic/claude-sonnet-4-5', messages: [{ role: 'user', content: 'Hi' }] });
      expect(count).toEqual({ input_tokens: 1234 });
      const [received] = anthropicRequests();
      expect(received.url).toBe('/v1/messages/count_tokens');
      expect(received.body).toEqual({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'Hi' }] });
    });

    it("answers Anthropic's own errors in its shape and status: 429 with retry-after, 529 overloaded", async () => {
      anthropicFake.answers.push({ kind: 'error', status: 429, type: 'rate_limit_error', message: 'Too many requests', headers: { 'retry-after': '7' } });
      const limited = await client.messages.create({ model: 'anthropic/claude-sonnet-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] }).catch((error: unknown) => error);
      expect(limited).toBeInstanceOf(Anthropic.RateLimitError);
      expect((limited as InstanceType<typeof Anthropic.RateLimitError>).error).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });
      expect((limited as InstanceType<typeof Anthropic.RateLimitError>).headers.get('retry-after')).toBe('7');

      anthropicFake.answers.push({ kind: 'error', status: 529, type: 'overloaded_error', message: 'Overloaded' });
      const overloaded = await client.messages.create({ model: 'anthropic/claude-sonnet-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] }).catch((error: unknown) => error);
      expect(overloaded).toBeInstanceOf(Anthropic.InternalServerError);
      expect((overloaded as InstanceType<typeof Anthropic.APIError>).status).toBe(529);
      expect((overloaded as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({ type: 'error', error: { type: 'overloaded_error' } });
    });

    it('never forwards the caller key (direct keys are off by default)', async () => {
      await client.messages.create({ model: 'anthropic/claude-sonnet-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] });
      expect(anthropicRequests()[0].headers['x-api-key']).toBe('sk-ant-gateway');
      expect(JSON.stringify(anthropicRequests()[0].headers)).not.toContain('sk-ant-caller');
    });
  });

  describe('to an OpenAI provider: translated', () => {
    it('translates a request and answers an Anthropic message', async () => {
      openai.script({ deltas: ['Bonjour', ' !'] });
      const message = await client.messages.create(
        {
          model: 'openai/gpt-4o-mini',
          max_tokens: 300,
          system: 'Answer in French.',
          messages: [{ role: 'user', content: 'Hello' }],
          temperature: 0.2,
          top_p: 0.9,
          stop_sequences: ['END'],
          metadata: { user_id: 'user-42' },
          // Sampling fields older SDK versions typed, which clients still send.
        } as Anthropic.MessageCreateParamsNonStreaming,
        { headers: { 'anthropic-beta': 'prompt-caching-2024-07-31' } },
      );

      expect(lastOpenAIBody()).toMatchObject({
        model: 'gpt-4o-mini',
        messages: [
          { role: 'system', content: 'Answer in French.' },
          { role: 'user', content: 'Hello' },
        ],
        max_completion_tokens: 300,
        temperature: 0.2,
        top_p: 0.9,
        stop: ['END'],
        user: 'user-42',
      });
      expect(openai.requests.at(-1)!.headers['anthropic-beta']).toBeUndefined();
      expect(message).toMatchObject({
        id: 'chatcmpl-fake1',
        type: 'message',
        role: 'assistant',
        model: 'gpt-4o-mini',
        content: [{ type: 'text', text: 'Bonjour !' }],
        stop_reason: 'end_turn',
        stop_sequence: null,
        usage: { input_tokens: 10, output_tokens: 2 },
      });
    });

    it('streams the full event sequence, and the SDK assembles the message', async () => {
      openai.script({ deltas: ['Hel', 'lo', ' there'] });
      const stream = client.messages.stream({ model: 'openai/gpt-4o-mini', max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }] });
      const events: string[] = [];
      for await (const event of stream) events.push(event.type === 'content_block_delta' ? `${event.type}:${event.delta.type}` : event.type);
      const message = await stream.finalMessage();

      expect(events).toEqual([
        'message_start',
        'content_block_start',
        'content_block_delta:text_delta',
        'content_block_delta:text_delta',
        'content_block_delta:text_delta',
        'content_block_stop',
        'message_delta',
        'message_stop',
      ]);
      expect(message.content).toEqual([{ type: 'text', text: 'Hello there' }]);
      expect(message.stop_reason).toBe('end_turn');
      expect(message.usage).toMatchObject({ input_tokens: 5, output_tokens: 3 });
      expect(lastOpenAIBody()).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    });

    it('round-trips a streamed tool call: tool_use with its assembled input, then the tool_result and the answer', async () => {
      const input = { city: 'Paris, France', unit: 'c' };
      openai.script({ deltas: ['Let me check.'], toolCalls: [{ id: 'call_weather1', name: 'get_weather', arguments: JSON.stringify(input) }], argumentFragmentLength: 4 });
      const first = client.messages.stream({
        model: 'openai/gpt-4o-mini',
        max_tokens: 400,
        tools: [weatherTool],
        tool_choice: { type: 'auto', disable_parallel_tool_use: true },
        messages: [{ role: 'user', content: 'Weather in Paris?' }],
      });
      const partials: string[] = [];
      first.on('inputJson', (partial) => partials.push(partial));
      const message = await first.finalMessage();

      expect(message.stop_reason).toBe('tool_use');
      expect(message.content).toEqual([
        { type: 'text', text: 'Let me check.' },
        { type: 'tool_use', id: 'call_weather1', name: 'get_weather', input },
      ]);
      expect(partials.length).toBeGreaterThan(3);
      expect(partials.join('')).toBe(JSON.stringify(input));
      expect(lastOpenAIBody()).toMatchObject({
        tools: [{ type: 'function', function: { name: 'get_weather', description: 'Current weather of a city', parameters: weatherTool.input_schema } }],
        tool_choice: 'auto',
        parallel_tool_calls: false,
      });

      openai.script({ deltas: ['It is 18°C in Paris.'] });
      const second = await client.messages
        .stream({
          model: 'openai/gpt-4o-mini',
          max_tokens: 400,
          tools: [weatherTool],
          messages: [
            { role: 'user', content: 'Weather in Paris?' },
            { role: 'assistant', content: message.content },
            { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_weather1', content: [{ type: 'text', text: '18°C, cloudy' }] }, { type: 'text', text: 'Thanks.' }] },
          ],
        })
        .finalMessage();

      expect(second.content).toEqual([{ type: 'text', text: 'It is 18°C in Paris.' }]);
      expect(lastOpenAIBody().messages).toEqual([
        { role: 'user', content: 'Weather in Paris?' },
        { role: 'assistant', content: 'Let me check.', tool_calls: [{ id: 'call_weather1', type: 'function', function: { name: 'get_weather', arguments: JSON.stringify(input) } }] },
        { role: 'tool', tool_call_id: 'call_weather1', content: '18°C, cloudy' },
        { role: 'user', content: 'Thanks.' },
      ]);
    });

    it('translates images, a failed tool result, tool_choice any, thinking, and reports what it dropped', async () => {
      openai.script({ deltas: ['A cat.'] });
      const { response } = await client.messages
        .create({
          model: 'openai/gpt-4o-mini',
          max_tokens: 100,
          top_k: 3,
          thinking: { type: 'enabled', budget_tokens: 10_000 },
          tools: [weatherTool],
          tool_choice: { type: 'any' },
          messages: [
            {
              role: 'user',
              content: [
                { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
                { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
                { type: 'text', text: 'What is this?' },
              ],
            },
            { role: 'assistant', content: [{ type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Nowhere' } }] },
            { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_1', content: 'unknown city', is_error: true }] },
          ],
        } as Anthropic.MessageCreateParamsNonStreaming)
        .withResponse();

      const sent = lastOpenAIBody();
      expect(sent.messages[0]).toEqual({
        role: 'user',
        content: [
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
          { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
          { type: 'text', text: 'What is this?' },
        ],
      });
      expect(sent.messages[2]).toEqual({ role: 'tool', tool_call_id: 'call_1', content: 'Error: unknown city' });
      expect(sent).toMatchObject({ tool_choice: 'required', reasoning_effort: 'medium' });
      expect(sent.top_k).toBeUndefined();
      const warnings = response.headers.get('x-switchyard-warnings') ?? '';
      expect(warnings).toContain('thinking.budget_tokens 10000 was sent as reasoning_effort medium');
      expect(warnings).toContain('top_k cannot be translated');
    });

    it('estimates tokens for a provider without a count of its own, and says so', async () => {
      const small = await client.messages.countTokens({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] }).withResponse();
      const large = await client.messages.countTokens({
        model: 'openai/gpt-4o-mini',
        system: 'You are a careful assistant who answers questions about the weather.',
        tools: [weatherTool],
        messages: [{ role: 'user', content: 'What is the weather like in Paris, Lyon and Marseille this weekend?' }],
      });
      expect(small.data.input_tokens).toBeGreaterThan(0);
      expect(large.input_tokens).toBeGreaterThan(small.data.input_tokens + 30);
      expect(small.response.headers.get('x-switchyard-warnings')).toContain('input_tokens is an estimate');
      expect(openai.requests).toHaveLength(0);
    });
  });

  describe('to a Gemini provider: translated', () => {
    it('answers a message and a stream from generateContent', async () => {
      gemini.enqueue({ kind: 'reply', text: 'Hallo!', finish: 'stop', usage: { prompt: 7, completion: 2 } });
      const message = await client.messages.create({ model: 'gemini/gemini-2.5-flash', max_tokens: 50, system: 'German only.', messages: [{ role: 'user', content: 'Hello' }] });
      expect(message).toMatchObject({ content: [{ type: 'text', text: 'Hallo!' }], stop_reason: 'end_turn', usage: { input_tokens: 7, output_tokens: 2 } });
      expect(gemini.received().at(-1)).toMatchObject({ model: 'gemini-2.5-flash', system: 'German only.', maxTokens: 50 });

      gemini.enqueue({ kind: 'reply', reasoning: 'Greeting back.', text: 'Guten Tag!', finish: 'stop', usage: { prompt: 7, completion: 6, reasoning: 3 } });
      const streamed = await client.messages.stream({ model: 'gemini/gemini-2.5-flash', max_tokens: 50, messages: [{ role: 'user', content: 'Hello' }] }).finalMessage();
      expect(streamed.content).toEqual([
        { type: 'thinking', thinking: 'Greeting back.', signature: '' },
        { type: 'text', text: 'Guten Tag!' },
      ]);
      expect(streamed.usage).toMatchObject({ input_tokens: 7, output_tokens: 6 });
    });

    it('streams a function call as tool_use with its input assembled', async () => {
      const input = { city: 'Berlin', unit: 'c' };
      gemini.enqueue({ kind: 'reply', toolCalls: [{ id: 'g1', name: 'get_weather', arguments: JSON.stringify(input) }], finish: 'tool_calls', usage: { prompt: 20, completion: 8 } });
      const message = await client.messages
        .stream({ model: 'gemini/gemini-2.5-flash', max_tokens: 100, tools: [weatherTool], tool_choice: { type: 'tool', name: 'get_weather' }, messages: [{ role: 'user', content: 'Berlin?' }] })
        .finalMessage();
      expect(message.stop_reason).toBe('tool_use');
      expect(message.content).toHaveLength(1);
      expect(message.content[0]).toMatchObject({ type: 'tool_use', name: 'get_weather', input });
      expect(gemini.received().at(-1)).toMatchObject({ toolChoice: { name: 'get_weather' }, tools: [{ name: 'get_weather' }] });
    });
  });

  describe("errors, in Anthropic's shape", () => {
    const post = (path: string, body: string) =>
      fetch(`${served.origin}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'k' }, body });

    it('refuses invalid JSON and a body without max_tokens with 400 invalid_request_error', async () => {
      const invalid = await post('/anthropic/v1/messages', '{"model": ');
      expect(invalid.status).toBe(400);
      expect(await invalid.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining('not valid JSON') } });

      const missing = await client.messages.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] } as never).catch((error: unknown) => error);
      expect(missing).toBeInstanceOf(Anthropic.BadRequestError);
      expect((missing as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining('max_tokens') } });
    });

    it('answers an unknown provider with 404 not_found_error and an unknown path under the prefix in the same shape', async () => {
      const unknown = await client.messages.create({ model: 'nowhere/model-x', max_tokens: 5, messages: [{ role: 'user', content: 'Hi' }] }).catch((error: unknown) => error);
      expect(unknown).toBeInstanceOf(Anthropic.NotFoundError);
      expect((unknown as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });

      const path = await post('/anthropic/v1/nothing-here', '{}');
      expect(path.status).toBe(404);
      expect(await path.json()).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
    });

    it('maps upstream errors: 429 rate_limit_error, an overloaded provider 529 overloaded_error', async () => {
      openai.script({ status: 429, headers: { 'retry-after': '2' } });
      const limited = await client.messages.create({ model: 'openai/gpt-4o-mini', max_tokens: 5, messages: [{ role: 'user', content: 'Hi' }] }).catch((error: unknown) => error);
      expect(limited).toBeInstanceOf(Anthropic.RateLimitError);
      expect((limited as InstanceType<typeof Anthropic.APIError>).type).toBe('rate_limit_error');

      openai.script({ status: 503 });
      const overloaded = await client.messages.create({ model: 'openai/gpt-4o-mini', max_tokens: 5, messages: [{ role: 'user', content: 'Hi' }] }).catch((error: unknown) => error);
      expect((overloaded as InstanceType<typeof Anthropic.APIError>).status).toBe(529);
      expect((overloaded as InstanceType<typeof Anthropic.APIError>).type).toBe('overloaded_error');
    });

    it('ends a stream that fails after output began with an error event', async () => {
      openai.script({ deltas: ['Part', 'ial', ' answer', ' cut'], errorEventAfterEvents: 3 });
      const stream = client.messages.stream({ model: 'openai/gpt-4o-mini', max_tokens: 50, messages: [{ role: 'user', content: 'Hi' }] });
      const texts: string[] = [];
      stream.on('text', (text) => texts.push(text));
      const failure = await stream.finalMessage().catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(Anthropic.APIError);
      expect((failure as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({ type: 'error', error: { type: expect.any(String), message: expect.any(String) } });
      expect(texts.join('')).toBe('Partial');
    });
  });

  describe('models and other mounts', () => {
    it("lists the gateway's models in Anthropic's shape and retrieves one", async () => {
      const ids: string[] = [];
      for await (const model of client.models.list({ limit: 2 })) ids.push(model.id);
      expect(ids).toEqual(expect.arrayContaining(['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4-5-20250929', 'gemini/gemini-2.5-flash']));
      const model = await client.models.retrieve('openai/gpt-4o-mini');
      expect(model).toMatchObject({ type: 'model', id: 'openai/gpt-4o-mini', display_name: 'openai/gpt-4o-mini', created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
      await expect(client.models.retrieve('openai/no-such-model')).rejects.toBeInstanceOf(Anthropic.NotFoundError);
    });

    it.each(['/litellm', '/litellm/anthropic', '/langchain/anthropic'])('serves the same routes under %s', async (prefix) => {
      openai.script({ deltas: ['Mounted.'] });
      const mounted = new Anthropic({ apiKey: 'k', baseURL: `${served.origin}${prefix}`, maxRetries: 0 });
      const message = await mounted.messages.stream({ model: 'openai/gpt-4o-mini', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] }).finalMessage();
      expect(message.content).toEqual([{ type: 'text', text: 'Mounted.' }]);
      const failure = await mounted.messages.create({ model: 'nowhere/x', max_tokens: 5, messages: [{ role: 'user', content: 'Hi' }] }).catch((error: unknown) => error);
      expect((failure as InstanceType<typeof Anthropic.APIError>).type).toBe('not_found_error');
    });
  });
});
