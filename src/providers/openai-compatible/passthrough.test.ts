import { readFileSync } from 'node:fs';
import type { Completion } from 'openai/resources/completions';
import type { Response, ResponseStreamEvent } from 'openai/resources/responses/responses';
import { describe, expect, it } from 'vitest';
import type { CompletionRequest, ResponsesRequest, StreamChunk } from '../../api/index.js';
import { decodeSse } from '../../streaming/decode-sse.js';
import { openaiProfile } from '../openai/profile.js';
import { mapOpenAICompletionStream } from './completion-stream.js';
import type { OpenAICompatibleProfile } from './profile.js';
import { toOpenAICompletionBody, toOpenAIResponsesBody } from './request.js';
import { fromOpenAICompletionResponse, fromOpenAIResponsesResponse } from './response.js';
import { readOpenAIResponsesStream } from './responses-stream.js';

const fixtures = new URL('../openai/fixtures/', import.meta.url);
const readText = (name: string): string => readFileSync(new URL(name, fixtures), 'utf8');
const readJson = <T = unknown>(name: string): T => JSON.parse(readText(name)) as T;

async function* bodyOf(text: string, size = 11): AsyncGenerator<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('legacy completions (OpenAI fixtures)', () => {
  it.each(['completions-plain', 'completions-stream'])('sends %s.upstream-request.json for %s.input.json', (name) => {
    const request = readJson<CompletionRequest>(`${name}.input.json`);
    const warnings: string[] = [];
    expect(JSON.parse(toOpenAICompletionBody(request, request.stream === true, openaiProfile, warnings))).toEqual(readJson(`${name}.upstream-request.json`));
    expect(warnings).toEqual([]);
  });

  it('reads a text_completion answer as it came (typed by the SDK)', () => {
    const answer = readJson<Completion>('completions-plain.upstream-response.json');
    expect(fromOpenAICompletionResponse('openai', answer)).toEqual(readJson('completions-plain.expected.json'));
  });

  it('maps a streamed completion to start, text deltas, finish and usage', async () => {
    const chunks = await collect(mapOpenAICompletionStream('openai', decodeSse(bodyOf(readText('completions-stream.upstream-stream.txt')))));
    expect(chunks).toEqual(readJson<StreamChunk[]>('completions-stream.expected.json'));
  });

  it('maps a finish reason outside OpenAI’s set and keeps the raw one', () => {
    const answer = { id: 'c', object: 'text_completion', created: 1, model: 'm', choices: [{ index: 0, text: 'x', logprobs: null, finish_reason: 'model_length' }] };
    expect(fromOpenAICompletionResponse('mistral', answer).choices[0]).toMatchObject({ finish_reason: 'length', native_finish_reason: 'model_length' });
  });

  it('drops the completion fields a profile declares unsupported, with warnings', () => {
    const profile: OpenAICompatibleProfile = { ...openaiProfile, unsupportedCompletionParams: ['echo', 'best_of'] };
    const warnings: string[] = [];
    const body = JSON.parse(toOpenAICompletionBody({ model: 'm', prompt: 'p', echo: true }, false, profile, warnings, 'local'));
    expect(body).toEqual({ model: 'm', prompt: 'p' });
    expect(warnings).toEqual(['echo is not supported by local and was dropped']);
  });

  it('throws an error event inside the stream as a GatewayError', async () => {
    const text = 'data: {"id":"c","object":"text_completion","created":1,"model":"m","choices":[{"text":"a","index":0,"finish_reason":null}]}\n\ndata: {"error":{"message":"slow down","type":"rate_limit_error","code":"rate_limit_exceeded"}}\n\n';
    await expect(collect(mapOpenAICompletionStream('openai', decodeSse(bodyOf(text))))).rejects.toMatchObject({ code: 'rate_limited' });
  });

  it('rejects a stream event that is not JSON', async () => {
    await expect(collect(mapOpenAICompletionStream('openai', decodeSse(bodyOf('data: nope\n\n'))))).rejects.toMatchObject({ code: 'upstream_invalid_response' });
  });
});

describe('Responses API passthrough (OpenAI fixtures)', () => {
  it.each(['responses-plain', 'responses-stream'])('sends %s.upstream-request.json for %s.input.json', (name) => {
    const request = readJson<ResponsesRequest>(`${name}.input.json`);
    expect(JSON.parse(toOpenAIResponsesBody(request, request.stream === true))).toEqual(readJson(`${name}.upstream-request.json`));
  });

  it('sets stream as the call needs it, and leaves the caller’s request untouched', () => {
    const request: ResponsesRequest = { model: 'm', input: 'hi', stream: true };
    expect(JSON.parse(toOpenAIResponsesBody(request, false))).toEqual({ model: 'm', input: 'hi' });
    expect(JSON.parse(toOpenAIResponsesBody({ model: 'm', input: 'hi' }, true))).toEqual({ model: 'm', input: 'hi', stream: true });
    expect(request.stream).toBe(true);
  });

  it('passes a response object through as it came (typed by the SDK)', () => {
    const answer = readJson<Response>('responses-plain.upstream-response.json');
    expect(answer.object).toBe('response');
    expect(fromOpenAIResponsesResponse('openai', answer)).toEqual(readJson('responses-plain.expected.json'));
  });

  it('refuses an answer without an output array', () => {
    expect(() => fromOpenAIResponsesResponse('openai', { object: 'response' })).toThrow(expect.objectContaining({ code: 'upstream_invalid_response' }));
  });

  it('passes each streamed event through as its parsed object, in order', async () => {
    const events = await collect(readOpenAIResponsesStream('openai', decodeSse(bodyOf(readText('responses-stream.upstream-stream.txt')))));
    const expected = readJson<ResponseStreamEvent[]>('responses-stream.expected.json');
    expect(events).toEqual(expected);
    expect(events.map((event) => event.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
  });

  it('passes an error event through, takes a missing type from the event name, and skips [DONE]', async () => {
    const text = 'event: error\ndata: {"type":"error","code":"server_error","message":"boom","param":null,"sequence_number":0}\n\nevent: response.failed\ndata: {"sequence_number":1}\n\ndata: [DONE]\n\n';
    const events = await collect(readOpenAIResponsesStream('openai', decodeSse(bodyOf(text))));
    expect(events).toEqual([
      { type: 'error', code: 'server_error', message: 'boom', param: null, sequence_number: 0 },
      { type: 'response.failed', sequence_number: 1 },
    ]);
  });

  it('rejects an event that is not a JSON object', async () => {
    await expect(collect(readOpenAIResponsesStream('openai', decodeSse(bodyOf('data: [1,2]\n\n'))))).rejects.toMatchObject({ code: 'upstream_invalid_response' });
    await expect(collect(readOpenAIResponsesStream('openai', decodeSse(bodyOf('data: {"a":1}\n\n'))))).rejects.toMatchObject({ code: 'upstream_invalid_response' });
  });
});
