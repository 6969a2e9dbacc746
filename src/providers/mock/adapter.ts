import { randomUUID } from 'node:crypto';
import type { ChatRequest, ChatResponse, EmbeddingRequest, EmbeddingResponse, StreamChunk } from '../../api/index.js';
import { sleep } from '../shared/sleep.js';
import { errors } from '../../errors/index.js';
import type { AdapterCall, ProviderAdapter } from '../contract.js';
import { echoDeltas, echoText, echoUsage } from './echo.js';
import { embedText } from './embed-text.js';
import { mockSettings } from './settings.js';

/**
 * The built-in mock provider: deterministic, no network. It echoes the last user
 * message (streamed word by word), reports usage, and waits as its key's
 * `mock_key_config` says. The quick start and the tests use it.
 */
export const mockAdapter: ProviderAdapter = {
  id: 'mock',
  description: 'Built-in deterministic provider: echoes the last user message; no network',
  defaultBaseUrl: 'mock://local',
  requiresKey: false,
  framing: 'none',
  capabilities: { chat: true, chatStream: true, embeddings: true, listModels: true, tools: false, vision: false, jsonSchema: false, reasoning: false, completions: false, responses: false },

  async chat(call: AdapterCall<ChatRequest>): Promise<ChatResponse> {
    warnIgnored(call);
    const settings = mockSettings(call.key);
    await sleep(settings.latencyMs, call.signal);
    const reply = echoText(call.request);
    return {
      id: `chatcmpl-mock-${randomUUID()}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: call.request.model,
      choices: [{ index: 0, message: { role: 'assistant', content: reply }, finish_reason: 'stop', logprobs: null }],
      usage: echoUsage(call.request, reply),
    };
  },

  async chatStream(call: AdapterCall<ChatRequest>): Promise<AsyncIterable<StreamChunk>> {
    warnIgnored(call);
    const settings = mockSettings(call.key);
    await sleep(settings.latencyMs, call.signal);
    return streamEcho(call, settings.chunkDelayMs);
  },

  async embed(call: AdapterCall<EmbeddingRequest>): Promise<EmbeddingResponse> {
    const settings = mockSettings(call.key);
    await sleep(settings.latencyMs, call.signal);
    const input = call.request.input;
    const texts = typeof input === 'string' ? [input] : (input as unknown[]).map((item) => (typeof item === 'string' ? item : JSON.stringify(item)));
    const dimensions = call.request.dimensions ?? settings.dimensions;
    if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > 8192) {
      throw errors.invalidRequest('dimensions must be an integer from 1 to 8192', 'dimensions');
    }
    let tokens = 0;
    const data = texts.map((text, index) => {
      tokens += text.split(/\s+/).filter(Boolean).length;
      const vector = embedText(text, dimensions);
      const embedding = call.request.encoding_format === 'base64' ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector;
      return { object: 'embedding' as const, index, embedding };
    });
    return { object: 'list', data, model: call.request.model, usage: { prompt_tokens: tokens, total_tokens: tokens } };
  },

  async listModels(call) {
    const models = call.key.models.filter((model) => model !== '*');
    return models.length > 0 ? models : ['echo'];
  },
};

/** The mock only echoes: parameters that would change a real model's answer are reported, not silently dropped. */
function warnIgnored(call: AdapterCall<ChatRequest>): void {
  for (const param of ['tools', 'response_format'] as const) {
    if (call.request[param] !== undefined) call.warnings.push(`${param} is not supported by the mock provider and was ignored`);
  }
}

async function* streamEcho(call: AdapterCall<ChatRequest>, chunkDelayMs: number): AsyncGenerator<StreamChunk> {
  const reply = echoText(call.request);
  yield { type: 'start', id: `chatcmpl-mock-${randomUUID()}`, model: call.request.model, created: Math.floor(Date.now() / 1000) };
  for (const text of echoDeltas(reply)) {
    if (chunkDelayMs > 0) await sleep(chunkDelayMs, call.signal);
    else if (call.signal?.aborted) throw errors.requestCancelled();
    yield { type: 'text-delta', choice: 0, text };
  }
  yield { type: 'finish', choice: 0, reason: 'stop', rawReason: 'stop' };
  yield { type: 'usage', usage: echoUsage(call.request, reply) };
}
