import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ResponsesEvent } from '../../src/index.js';
import { defaultDeltas, type OpenAIUpstream, startOpenAIUpstream } from '../fake-upstreams/openai-upstream.js';
import { type StartedGateway, startGateway } from '../support/start-gateway.js';

const fakeText = defaultDeltas.join('');
const weatherTool = {
  type: 'function' as const,
  name: 'get_weather',
  description: 'Current weather of a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  strict: true,
};

async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of stream) items.push(item);
  return items;
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('POST /v1/responses through the official OpenAI SDK', () => {
  let upstream: OpenAIUpstream;
  let served: StartedGateway;

  beforeEach(async () => {
    upstream = await startOpenAIUpstream();
    const network = { base_url: upstream.url, max_retries: 0 };
    served = await startGateway({
      config: {
        providers: {
          openai: { keys: [{ name: 'k1', value: 'sk-test', models: [], weight: 1 }], network_config: network },
          // An OpenAI-wire provider without the Responses API: translated through chat.
          mistral: { keys: [{ name: 'm1', value: 'sk-mistral', models: [], weight: 1 }], network_config: network },
          mock: { keys: [] },
        },
      },
    });
  });

  afterEach(async () => {
    await served?.close();
    await upstream?.close();
  });

  describe('a provider with the Responses API: passed through', () => {
    it('sends the request to the upstream /v1/responses and returns its response', async () => {
      const response = await served.client().responses.create({ model: 'openai/gpt-4.1-mini', input: 'Tell me a story', instructions: 'Be brief', store: true });

      expect(upstream.requests[0].path).toBe('/v1/responses');
      expect(upstream.requests[0].body).toMatchObject({ model: 'gpt-4.1-mini', input: 'Tell me a story', instructions: 'Be brief', store: true });
      expect(response).toMatchObject({ id: 'resp_fake1', object: 'response', status: 'completed', model: 'gpt-4.1-mini' });
      expect(response.output_text).toBe(fakeText);
    });

    it('relays the upstream events to responses.stream()', async () => {
      const stream = served.client().responses.stream({ model: 'openai/gpt-4.1-mini', input: 'Hi' });
      const events = await collect(stream);
      const final = await stream.finalResponse();

      expect(upstream.requests[0].body.stream).toBe(true);
      expect(events[0].type).toBe('response.created');
      expect(events.at(-1)?.type).toBe('response.completed');
      expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
      expect(final.output_text).toBe(fakeText);
    });
  });

  describe('a provider without it: translated through chat', () => {
    it('sends instructions, input items, function tools, tool_choice and text.format as a chat request', async () => {
      await served.client().responses.create({
        model: 'mistral/mistral-large',
        instructions: 'You are a weather bot.',
        input: [
          { role: 'user', content: [{ type: 'input_text', text: 'Weather here?' }, { type: 'input_image', image_url: 'https://example.com/sky.png', detail: 'low' }] },
          { type: 'message', id: 'msg_1', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: 'Which city?', annotations: [] }] },
          { role: 'user', content: 'Paris' },
        ],
        tools: [weatherTool],
        tool_choice: { type: 'function', name: 'get_weather' },
        max_output_tokens: 100,
        temperature: 0.5,
        text: { format: { type: 'json_schema', name: 'weather', schema: { type: 'object' }, strict: true } },
      });

      const sent = upstream.requests[0];
      expect(sent.path).toBe('/v1/chat/completions');
      expect(sent.body).toEqual({
        model: 'mistral-large',
        messages: [
          { role: 'system', content: 'You are a weather bot.' },
          { role: 'user', content: [{ type: 'text', text: 'Weather here?' }, { type: 'image_url', image_url: { url: 'https://example.com/sky.png', detail: 'low' } }] },
          { role: 'assistant', content: 'Which city?' },
          { role: 'user', content: 'Paris' },
        ],
        tools: [{ type: 'function', function: { name: 'get_weather', description: 'Current weather of a city', parameters: weatherTool.parameters, strict: true } }],
        tool_choice: { type: 'function', function: { name: 'get_weather' } },
        max_tokens: 100,
        temperature: 0.5,
        response_format: { type: 'json_schema', json_schema: { name: 'weather', schema: { type: 'object' }, strict: true } },
      });
    });

    it('answers a response object with a message item and usage in Responses terms', async () => {
      const { data: response, response: http } = await served.client().responses.create({ model: 'mistral/mistral-large', input: 'Hello', temperature: 0.2 }).withResponse();

      expect(response).toMatchObject({
        object: 'response',
        status: 'completed',
        model: 'mistral-large',
        temperature: 0.2,
        error: null,
        incomplete_details: null,
        store: false,
        usage: { input_tokens: 5, output_tokens: defaultDeltas.length, total_tokens: 5 + defaultDeltas.length, input_tokens_details: { cached_tokens: 0 }, output_tokens_details: { reasoning_tokens: 0 } },
      });
      expect(response.id).toMatch(/^resp_/);
      expect(response.output).toEqual([
        { type: 'message', id: expect.stringMatching(/^msg_/), status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: fakeText, annotations: [] }] },
      ]);
      expect(response.output_text).toBe(fakeText);
      expect(http.headers.get('x-switchyard-provider')).toBe('mistral');
    });

    it('answers tool calls as function_call items, and takes their outputs back as tool messages', async () => {
      upstream.script({ deltas: [], toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }, { id: 'call_2', name: 'get_weather', arguments: '{"city":"Rome"}' }] });
      const first = await served.client().responses.create({ model: 'mistral/mistral-large', input: 'Weather in Paris and Rome?', tools: [weatherTool] });

      expect(first.output).toEqual([
        { type: 'function_call', id: expect.stringMatching(/^fc_/), status: 'completed', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { type: 'function_call', id: expect.stringMatching(/^fc_/), status: 'completed', call_id: 'call_2', name: 'get_weather', arguments: '{"city":"Rome"}' },
      ]);

      await served.client().responses.create({
        model: 'mistral/mistral-large',
        tools: [weatherTool],
        input: [
          { role: 'user', content: 'Weather in Paris and Rome?' },
          ...first.output.map((item) => item as { type: 'function_call'; call_id: string; name: string; arguments: string }),
          { type: 'function_call_output', call_id: 'call_1', output: '18C' },
          { type: 'function_call_output', call_id: 'call_2', output: [{ type: 'input_text', text: '21C' }] },
        ],
      });
      expect(upstream.requests[1].body.messages).toEqual([
        { role: 'user', content: 'Weather in Paris and Rome?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
            { id: 'call_2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '18C' },
        { role: 'tool', tool_call_id: 'call_2', content: '21C' },
      ]);
    });

    it('streams the Responses event sequence, which responses.stream() assembles', async () => {
      upstream.script({ deltas: ['Checking.'], toolCalls: [{ id: 'call_9', name: 'get_weather', arguments: '{"city":"Oslo"}' }] });
      const stream = served.client().responses.stream({ model: 'mistral/mistral-large', input: 'Weather in Oslo?', tools: [weatherTool] });
      const events: ResponseStreamEvent[] = await collect(stream);
      const final = await stream.finalResponse();

      expect(events.map((event) => event.type)).toEqual([
        'response.created',
        'response.in_progress',
        'response.output_item.added',
        'response.content_part.added',
        'response.output_text.delta',
        'response.output_text.done',
        'response.content_part.done',
        'response.output_item.done',
        'response.output_item.added',
        ...Array(3).fill('response.function_call_arguments.delta'),
        'response.function_call_arguments.done',
        'response.output_item.done',
        'response.completed',
      ]);
      expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
      expect(events.filter((event) => event.type === 'response.function_call_arguments.delta').map((event) => ('output_index' in event ? event.output_index : -1))).toEqual([1, 1, 1]);
      expect(final.status).toBe('completed');
      expect(final.output_text).toBe('Checking.');
      expect(final.output[1]).toMatchObject({ type: 'function_call', call_id: 'call_9', name: 'get_weather', arguments: '{"city":"Oslo"}', status: 'completed' });
    });

    it('writes each event as an event: line with its type and a data: line, and no [DONE]', async () => {
      const response = await fetch(`${served.baseURL}/responses`, { method: 'POST', body: JSON.stringify({ model: 'mock/echo', input: 'two words', stream: true }) });
      const text = await response.text();
      const blocks = text.trim().split('\n\n');

      expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      for (const block of blocks) {
        const [eventLine, dataLine] = block.split('\n');
        expect(eventLine).toBe(`event: ${(JSON.parse(dataLine.slice('data: '.length)) as ResponsesEvent).type}`);
      }
      expect(blocks.at(-1)).toContain('event: response.completed');
      expect(text).not.toContain('[DONE]');
    });

    it('ends the stream with an error event when the provider fails after output began', async () => {
      upstream.script({ errorEventAfterEvents: 3 });
      const stream = await served.client().responses.create({ model: 'mistral/mistral-large', input: 'Hi', stream: true });
      const events: ResponseStreamEvent[] = await collect(stream);

      expect(events.at(-1)).toMatchObject({ type: 'error', code: 'upstream_error', param: null });
      expect(events.some((event) => event.type === 'response.completed')).toBe(false);
      upstream.script({ errorEventAfterEvents: 3 });
      const helper = served.client().responses.stream({ model: 'mistral/mistral-large', input: 'Hi' });
      expect(await failureOf(helper.finalResponse())).toMatchObject({ code: 'upstream_error' });
    });

    it('refuses what it cannot translate, with a 400 naming the parameter', async () => {
      const client = served.client();
      const cases = [
        { request: { model: 'mistral/mistral-large', input: 'Hi', tools: [{ type: 'web_search' as const }] }, param: 'tools[0]' },
        { request: { model: 'mistral/mistral-large', input: 'Hi', previous_response_id: 'resp_123' }, param: 'previous_response_id' },
        { request: { model: 'mistral/mistral-large', input: 'Hi', store: true }, param: 'store' },
        { request: { model: 'mistral/mistral-large', input: [{ type: 'item_reference' as const, id: 'msg_1' }] }, param: 'input[0].type' },
        { request: { model: 'mistral/mistral-large', input: 'Hi', tool_choice: { type: 'web_search_preview' as const } }, param: 'tool_choice' },
      ];
      for (const { request, param } of cases) {
        expect(await failureOf(client.responses.create(request)), param).toMatchObject({ status: 400, code: 'invalid_request', param });
      }
      expect(upstream.requests).toHaveLength(0);
    });

    it('refuses function tools for a provider that declares no tool calling, before calling it', async () => {
      const failure = await failureOf(served.client().responses.create({ model: 'mock/echo', input: 'Hi', tools: [weatherTool] }));

      expect(failure).toMatchObject({ status: 400, code: 'unsupported_operation' });
      expect((failure as Error).message).toContain('`tools`');
    });

    it('reports dropped fields in x-switchyard-warnings', async () => {
      const { response } = await served
        .client()
        .responses.create({ model: 'mock/echo', input: 'Hi', top_logprobs: 2, include: ['reasoning.encrypted_content'] })
        .withResponse();

      expect(response.headers.get('x-switchyard-warnings')).toBe(
        'top_logprobs is not supported when mock serves /v1/responses through chat and was dropped; include is not supported when mock serves /v1/responses through chat and was dropped',
      );
    });
  });

  it('serves library callers: respond and respondStream', async () => {
    const response = await served.gateway.respond({ model: 'mock/echo', input: 'library call' });
    const events = await collect(served.gateway.respondStream({ model: 'mock/echo', input: 'library call' }));

    expect(response.output).toMatchObject([{ type: 'message', content: [{ type: 'output_text', text: 'library call' }] }]);
    expect(events[0].type).toBe('response.created');
    expect(events.at(-1)).toMatchObject({ type: 'response.completed', response: { status: 'completed' } });
  });
});
