import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { ChatRequest, EmbeddingRequest, StreamChunk } from '../../api/index.js';
import { UpstreamClient } from '../../http/upstream-client.js';
import type { AdapterCall, ProviderKey } from '../contract.js';
import { mockAdapter } from './adapter.js';

const http = new UpstreamClient();
afterAll(() => http.close());
afterEach(() => {
  vi.useRealTimers();
});

function call<Request>(request: Request, key: Partial<ProviderKey> = {}, signal?: AbortSignal): AdapterCall<Request> {
  return {
    request,
    key: { name: 'default', value: '', models: [], weight: 1, ...key },
    settings: { provider: 'mock', baseUrl: 'mock://local', customBaseUrl: false, extraHeaders: {}, timeoutMs: 30_000 },
    http,
    signal,
    warnings: [],
  };
}

const chatRequest: ChatRequest = {
  model: 'echo',
  messages: [
    { role: 'system', content: 'Repeat after me.' },
    { role: 'user', content: 'The quick brown fox jumps' },
  ],
};

async function collect(stream: AsyncIterable<StreamChunk>): Promise<StreamChunk[]> {
  const chunks: StreamChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

describe('mockAdapter.chat', () => {
  it('echoes the last user message with word-count usage', async () => {
    const response = await mockAdapter.chat!(call(chatRequest));
    expect(response).toMatchObject({
      object: 'chat.completion',
      model: 'echo',
      choices: [{ index: 0, message: { role: 'assistant', content: 'The quick brown fox jumps' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 8, completion_tokens: 5, total_tokens: 13 },
    });
    expect(response.id).toMatch(/^chatcmpl-mock-/);
  });

  it('waits latency_ms from mock_key_config before answering', async () => {
    vi.useFakeTimers();
    let answered = false;
    const answer = mockAdapter.chat!(call(chatRequest, { mock_key_config: { latency_ms: 1000 } })).then(() => (answered = true));
    await vi.advanceTimersByTimeAsync(999);
    expect(answered).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await answer;
    expect(answered).toBe(true);
  });

  it('gives up waiting with request_cancelled when the caller aborts', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const answer = mockAdapter.chat!(call(chatRequest, { mock_key_config: { latency_ms: 60_000 } }, controller.signal));
    controller.abort();
    await expect(answer).rejects.toMatchObject({ code: 'request_cancelled' });
  });
});

describe('mockAdapter.chatStream', () => {
  it('streams start, one delta per word, finish and usage, and the deltas make the full reply', async () => {
    const chunks = await collect(await mockAdapter.chatStream!(call(chatRequest)));
    expect(chunks[0]).toMatchObject({ type: 'start', model: 'echo' });
    const deltas = chunks.filter((chunk) => chunk.type === 'text-delta');
    expect(deltas.map((chunk) => chunk.text)).toEqual(['The ', 'quick ', 'brown ', 'fox ', 'jumps']);
    expect(deltas.map((chunk) => chunk.text).join('')).toBe((await mockAdapter.chat!(call(chatRequest))).choices[0].message.content);
    expect(chunks.slice(-2)).toEqual([
      { type: 'finish', choice: 0, reason: 'stop', rawReason: 'stop' },
      { type: 'usage', usage: { prompt_tokens: 8, completion_tokens: 5, total_tokens: 13 } },
    ]);
  });

  it('waits stream_chunk_delay_ms between deltas', async () => {
    vi.useFakeTimers();
    const stream = (await mockAdapter.chatStream!(call(chatRequest, { mock_key_config: { stream_chunk_delay_ms: 100 } })))[Symbol.asyncIterator]();
    expect((await stream.next()).value).toMatchObject({ type: 'start' });
    let second: IteratorResult<StreamChunk> | undefined;
    void stream.next().then((result) => (second = result));
    await vi.advanceTimersByTimeAsync(99);
    expect(second).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(second?.value).toEqual({ type: 'text-delta', choice: 0, text: 'The ' });
    await stream.return?.();
  });

  it('stops with request_cancelled when the caller aborts mid-stream', async () => {
    const controller = new AbortController();
    const stream = (await mockAdapter.chatStream!(call(chatRequest, {}, controller.signal)))[Symbol.asyncIterator]();
    await stream.next();
    await stream.next();
    controller.abort();
    await expect(stream.next()).rejects.toMatchObject({ code: 'request_cancelled' });
  });
});

describe('mockAdapter.embed', () => {
  const embed = (request: Pick<EmbeddingRequest, 'input' | 'dimensions' | 'encoding_format'>, key?: Partial<ProviderKey>) =>
    mockAdapter.embed!(call<EmbeddingRequest>({ model: 'embed', ...request }, key));

  it('returns one deterministic unit vector per input, with word-count usage', async () => {
    const first = await embed({ input: ['hello world', 'goodbye'] });
    const second = await embed({ input: ['hello world', 'goodbye'] });
    expect(first).toEqual(second);
    expect(first.data.map((item) => item.index)).toEqual([0, 1]);
    expect(first.usage).toEqual({ prompt_tokens: 3, total_tokens: 3 });
    for (const item of first.data) {
      const vector = item.embedding as number[];
      expect(vector).toHaveLength(64);
      expect(Math.hypot(...vector)).toBeCloseTo(1, 10);
    }
  });

  it('takes the length from the request, else from mock_key_config', async () => {
    expect(((await embed({ input: 'x', dimensions: 8 })).data[0].embedding as number[]).length).toBe(8);
    expect(((await embed({ input: 'x' }, { mock_key_config: { dimensions: 5 } })).data[0].embedding as number[]).length).toBe(5);
  });

  it('encodes the vector as base64 float32 when asked', async () => {
    const floats = (await embed({ input: 'hello', dimensions: 4 })).data[0].embedding as number[];
    const base64 = (await embed({ input: 'hello', dimensions: 4, encoding_format: 'base64' })).data[0].embedding as string;
    const decoded = Array.from(new Float32Array(new Uint8Array(Buffer.from(base64, 'base64')).buffer));
    decoded.forEach((value, i) => expect(value).toBeCloseTo(floats[i], 6));
  });

  it('rejects dimensions outside 1 to 8192', async () => {
    await expect(embed({ input: 'x', dimensions: 0 })).rejects.toMatchObject({ code: 'invalid_request', param: 'dimensions' });
    await expect(embed({ input: 'x', dimensions: 9000 })).rejects.toMatchObject({ code: 'invalid_request', param: 'dimensions' });
  });
});

describe('mockAdapter.listModels', () => {
  it("lists the key's models, or echo when the key serves every model", async () => {
    const base = { settings: call(null).settings, http, signal: undefined };
    expect(await mockAdapter.listModels!({ ...base, key: { value: '', models: ['a', 'b', '*'], weight: 1 } })).toEqual(['a', 'b']);
    expect(await mockAdapter.listModels!({ ...base, key: { value: '', models: [], weight: 1 } })).toEqual(['echo']);
  });
});

describe('mockAdapter and parameters it cannot honour', () => {
  it('reports tools and response_format as warnings instead of ignoring them silently', async () => {
    const warnings: string[] = [];
    await mockAdapter.chat!({
      request: {
        model: 'echo',
        messages: [{ role: 'user', content: 'hi' }],
        tools: [{ type: 'function', function: { name: 'f' } }],
        response_format: { type: 'json_object' },
      },
      key: { value: '', models: [], weight: 1 },
      settings: { provider: 'mock', baseUrl: 'mock://local', customBaseUrl: false, extraHeaders: {}, timeoutMs: 1000 },
      http: undefined as never,
      signal: undefined,
      warnings,
    });
    expect(warnings).toEqual([
      'tools is not supported by the mock provider and was ignored',
      'response_format is not supported by the mock provider and was ignored',
    ]);
  });
});
