import type { ChatCompletionChunk, ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type OpenAIUpstream, startOpenAIUpstream, type UpstreamBehaviour } from '../fake-upstreams/openai-upstream.js';
import { openaiConfig, type StartedGateway, startGateway } from '../support/start-gateway.js';

const params: ChatCompletionCreateParamsStreaming = {
  model: 'openai/gpt-4o-mini',
  messages: [{ role: 'user', content: 'Count to three.' }],
  stream: true,
};

const weatherTool = {
  type: 'function' as const,
  function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
};

async function collect(stream: AsyncIterable<ChatCompletionChunk>): Promise<ChatCompletionChunk[]> {
  const chunks: ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

function textOf(chunks: ChatCompletionChunk[]): string[] {
  return chunks.flatMap((chunk) => chunk.choices.flatMap((choice) => (choice.delta.content ? [choice.delta.content] : [])));
}

describe('streamed chat completions through the official OpenAI SDK', () => {
  let upstream: OpenAIUpstream;
  let served: StartedGateway;

  beforeEach(async () => {
    upstream = await startOpenAIUpstream();
    served = await startGateway({ config: openaiConfig(upstream.url) });
  });

  afterEach(async () => {
    await served?.close();
    await upstream?.close();
  });

  it('yields the text deltas in order, then one finish chunk', async () => {
    upstream.script({ deltas: ['One', ',', ' two', ',', ' three', '.'] });
    const chunks = await collect(await served.client().chat.completions.create(params));

    expect(textOf(chunks)).toEqual(['One', ',', ' two', ',', ' three', '.']);
    expect(chunks[0].choices[0].delta.role).toBe('assistant');
    expect(chunks.every((chunk) => chunk.object === 'chat.completion.chunk' && chunk.id === 'chatcmpl-fake1')).toBe(true);
    const finishes = chunks.flatMap((chunk) => chunk.choices.filter((choice) => choice.finish_reason !== null));
    expect(finishes).toHaveLength(1);
    expect(finishes[0].finish_reason).toBe('stop');
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('stop');
  });

  it('ends with a usage chunk with empty choices when stream_options.include_usage is true', async () => {
    const chunks = await collect(await served.client().chat.completions.create({ ...params, stream_options: { include_usage: true } }));

    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    expect(last.usage).toMatchObject({ prompt_tokens: 5, completion_tokens: 6, total_tokens: 11 });
    expect(chunks.slice(0, -1).every((chunk) => !chunk.usage)).toBe(true);
  });

  it('asks the upstream for usage but passes no usage chunk on when the caller did not ask', async () => {
    const chunks = await collect(await served.client().chat.completions.create(params));

    expect(upstream.requests[0].body.stream).toBe(true);
    expect(upstream.requests[0].body.stream_options).toEqual({ include_usage: true });
    expect(chunks.some((chunk) => chunk.usage)).toBe(false);
    expect(chunks.some((chunk) => chunk.choices.length === 0)).toBe(false);
    expect(textOf(chunks).join('')).toBe('Hello from the fake upstream.');
  });

  it('keeps the caller stream_options when adding include_usage for the upstream', async () => {
    await collect(await served.client().chat.completions.create({ ...params, stream_options: { include_obfuscation: false } }));

    expect(upstream.requests[0].body.stream_options).toEqual({ include_obfuscation: false, include_usage: true });
  });

  it('delivers tool-call deltas split over many chunks so that the SDK assembles the calls', async () => {
    upstream.script({
      deltas: [],
      argumentFragmentLength: 3,
      toolCalls: [
        { id: 'call_paris', name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' },
        { id: 'call_tokyo', name: 'get_weather', arguments: '{"city":"Tokyo"}' },
      ],
    });
    const stream = served.client().chat.completions.stream({ ...params, tools: [weatherTool] });
    const completion = await stream.finalChatCompletion();

    expect(completion.choices[0].finish_reason).toBe('tool_calls');
    expect(completion.choices[0].message.tool_calls).toEqual([
      { id: 'call_paris', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' } },
      { id: 'call_tokyo', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Tokyo"}' } },
    ]);
    expect(upstream.requests[0].body.tools).toEqual([weatherTool]);
  });

  it('passes each tool-call argument fragment through as its own delta', async () => {
    const args = '{"city":"Lisbon"}';
    upstream.script({ deltas: [], argumentFragmentLength: 4, toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: args }] });
    const chunks = await collect(await served.client().chat.completions.create({ ...params, tools: [weatherTool] }));

    const calls = chunks.flatMap((chunk) => chunk.choices.flatMap((choice) => choice.delta.tool_calls ?? []));
    expect(calls[0]).toMatchObject({ index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather' } });
    const fragments = calls.map((call) => call.function?.arguments ?? '');
    expect(fragments.filter((fragment) => fragment !== '')).toEqual(['{"ci', 'ty":', '"Lis', 'bon"', '}']);
    expect(fragments.join('')).toBe(args);
  });

  it('ends the raw event stream with data: [DONE]', async () => {
    const response = await fetch(`${served.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...params, stream_options: { include_usage: true } }),
    });
    const text = await response.text();

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(response.headers.get('x-switchyard-provider')).toBe('openai');
    const events = text.split('\n\n').filter((event) => event !== '');
    expect(events.every((event) => event.startsWith('data: '))).toBe(true);
    expect(events.at(-1)).toBe('data: [DONE]');
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(events.filter((event) => event === 'data: [DONE]')).toHaveLength(1);
  });

  it('streams a replay of the answer when the upstream ignores stream: true and answers with JSON', async () => {
    upstream.script({ ignoreStream: true, deltas: ['Only', ' JSON'] });
    const chunks = await collect(await served.client().chat.completions.create({ ...params, stream_options: { include_usage: true } }));

    expect(textOf(chunks).join('')).toBe('Only JSON');
    expect(chunks.flatMap((chunk) => chunk.choices.map((choice) => choice.finish_reason)).filter(Boolean)).toEqual(['stop']);
    expect(chunks.at(-1)?.usage).toMatchObject({ completion_tokens: 2 });
  });

  it('reassembles events and multi-byte characters that the network splits into small pieces', async () => {
    const deltas = ['héllo ', '世界 ', '🚀', ' ok'];
    upstream.script({ deltas, bytesPerWrite: 5 });
    const chunks = await collect(await served.client().chat.completions.create(params));

    expect(textOf(chunks)).toEqual(deltas);
  });

  it('keeps parallel streams apart: each client gets the answer to its own request', async () => {
    await served.close();
    upstream = await restartUpstream(upstream, { echo: true });
    served = await startGateway({ config: openaiConfig(upstream.url) });
    const client = served.client();

    const answers = await Promise.all(
      Array.from({ length: 25 }, async (_, index) => {
        const question = `request ${index} says ${'word '.repeat(index % 5)}end`;
        const stream = await client.chat.completions.create({ ...params, messages: [{ role: 'user', content: question }] });
        return { question, answer: textOf(await collect(stream)).join('') };
      }),
    );

    for (const { question, answer } of answers) expect(answer).toBe(question);
    expect(upstream.requests).toHaveLength(25);
  });

  it('delivers a large stream whole to a client that stops reading for a while', async () => {
    const deltas = Array.from({ length: 3000 }, (_, index) => `${String(index).padStart(4, '0')}${'x'.repeat(96)}`);
    upstream.script({ deltas });
    const response = await fetch(`${served.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(params),
    });
    const reader = response.body!.getReader();
    const first = await reader.read();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const parts: Uint8Array[] = [first.value!];
    for (let next = await reader.read(); !next.done; next = await reader.read()) parts.push(next.value);
    const text = Buffer.concat(parts).toString('utf8');

    const events = text.split('\n\n').filter((event) => event !== '');
    expect(events.at(-1)).toBe('data: [DONE]');
    const received = events.slice(0, -1).map((event) => JSON.parse(event.slice('data: '.length)).choices[0]?.delta?.content ?? '');
    expect(received.filter((content: string) => content !== '')).toEqual(deltas);
  });
});

/** Replaces a fake upstream by one whose every answer follows `defaults`. */
async function restartUpstream(upstream: OpenAIUpstream, defaults: UpstreamBehaviour): Promise<OpenAIUpstream> {
  await upstream.close();
  return startOpenAIUpstream({ defaults });
}
