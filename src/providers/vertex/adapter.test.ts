import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ChatRequest, EmbeddingRequest } from '../../api/index.js';
import type { UpstreamClient, UpstreamRequest, UpstreamResponse } from '../../http/upstream-client.js';
import type { AdapterCall, ProviderKey, ProviderSettings } from '../contract.js';
import { vertexAdapter } from './adapter.js';
import { vertexDefaultBaseUrl } from './urls.js';

/**
 * Wire fixtures of the whole adapter: for each case, the request it sends (URL in
 * `<case>.upstream-url.txt`, body in `<case>.upstream-request.json`) and what it makes of
 * a recorded Vertex answer (`.upstream-response.json`, `.upstream-stream.txt` or, for
 * errors, `.upstream-response.http`). `claude-*` cases call Anthropic's models in
 * `us-east5`, the others Google's in `us-central1`. `UPDATE_FIXTURES=1` rewrites the outputs.
 */
const fixtures = new URL('./fixtures/', import.meta.url);
const path = (name: string) => new URL(name, fixtures);
const readText = (name: string) => readFileSync(path(name), 'utf8');
const readJson = (name: string): any => JSON.parse(readText(name));
const update = process.env.UPDATE_FIXTURES === '1';
const expectJson = (name: string, actual: unknown) => {
  if (update) writeFileSync(path(name), `${JSON.stringify(actual, null, 2)}\n`);
  expect(JSON.parse(JSON.stringify(actual))).toEqual(readJson(name));
};
const names = readdirSync(fixtures);
const casesOf = (suffix: string) => names.filter((name) => name.endsWith(suffix)).map((name) => name.slice(0, -suffix.length));

const settings: ProviderSettings = { provider: 'vertex', baseUrl: vertexDefaultBaseUrl, customBaseUrl: false, extraHeaders: { 'x-team': 'search' }, timeoutMs: 5000 };
const key = (name: string): ProviderKey => ({
  value: 'ya29.fixture-token',
  models: [],
  weight: 1,
  vertex_key_config: { project_id: 'acme-prod', region: name.startsWith('claude-') ? 'us-east5' : 'us-central1' },
});

/** A response body that delivers `text` in chunks of 11 bytes, readable whole (`text()`) or as a stream. */
function bodyOf(text: string): UpstreamResponse['body'] {
  const bytes = new TextEncoder().encode(text);
  return {
    text: () => Promise.resolve(text),
    async *[Symbol.asyncIterator]() {
      for (let at = 0; at < bytes.length; at += 11) yield bytes.subarray(at, at + 11);
    },
  } as unknown as UpstreamResponse['body'];
}

/** Parses a recorded `HTTP/1.1 <status> ...` answer: status, headers, body. */
function readHttp(name: string): { status: number; headers: Record<string, string>; body: string } {
  const [head, body] = readText(name).split(/\r?\n\r?\n/, 2) as [string, string];
  const [statusLine, ...lines] = head.split(/\r?\n/);
  const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
  return { status: Number(statusLine!.split(' ')[1]), headers, body };
}

function callOf<Request>(name: string, request: Request, answer: { status: number; headers: Record<string, string>; body: string }) {
  const sent: UpstreamRequest[] = [];
  const http = {
    send(upstreamRequest: UpstreamRequest) {
      sent.push(upstreamRequest);
      return Promise.resolve({ status: answer.status, headers: answer.headers, body: bodyOf(answer.body) });
    },
  } as unknown as UpstreamClient;
  const call: AdapterCall<Request> = { request, key: key(name), settings, http, signal: undefined, warnings: [] };
  return { call, sent };
}

function checkSent(name: string, sent: UpstreamRequest[]) {
  expect(sent.map((request) => `${request.method} ${request.url}`).join('\n') + '\n').toBe(readText(`${name}.upstream-url.txt`));
  expect(sent[0]!.headers).toEqual({ 'x-team': 'search', 'content-type': 'application/json', authorization: 'Bearer ya29.fixture-token' });
  expectJson(`${name}.upstream-request.json`, JSON.parse(String(sent[0]!.body)));
}

const thrown = (error: any) => {
  const { code, type, failureClass, provider, upstreamStatus, param, retryAfter, message } = error;
  return { code, status: error.status, type, failureClass, provider, upstreamStatus, param, retryAfter, message };
};

// Anthropic's answers carry no time: `created` is the time they are read.
beforeAll(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(1_767_225_600_000);
});
afterAll(() => {
  vi.useRealTimers();
});

describe('vertexAdapter (wire fixtures)', () => {
  it('has fixtures for Gemini, Claude, embeddings and errors', () => {
    expect(casesOf('.upstream-response.json')).toEqual(expect.arrayContaining(['gemini-system-multi-turn', 'claude-system-multi-turn', 'embed-text-embedding']));
    expect(casesOf('.upstream-stream.txt')).toEqual(expect.arrayContaining(['gemini-parallel-tool-calls-stream', 'claude-parallel-tool-calls-stream', 'claude-stream-error']));
    expect(casesOf('.upstream-response.http').length).toBeGreaterThanOrEqual(10);
  });

  it.each(casesOf('.upstream-response.json'))('%s: sends the recorded request and reads the recorded answer', async (name) => {
    const input = readJson(`${name}.input.json`);
    const { call, sent } = callOf(name, input, { status: 200, headers: { 'content-type': 'application/json' }, body: readText(`${name}.upstream-response.json`) });
    const output = name.startsWith('embed-') ? await vertexAdapter.embed!(call as AdapterCall<EmbeddingRequest>) : await vertexAdapter.chat!(call as AdapterCall<ChatRequest>);
    checkSent(name, sent);
    expectJson(`${name}.expected.json`, output);
    expect(call.warnings).toEqual(existsSync(path(`${name}.warnings.json`)) ? readJson(`${name}.warnings.json`) : []);
  });

  it.each(casesOf('.upstream-stream.txt'))('%s: streams the recorded events as normalized chunks', async (name) => {
    const input = readJson(`${name}.input.json`);
    const { call, sent } = callOf(name, input, { status: 200, headers: { 'content-type': 'text/event-stream' }, body: readText(`${name}.upstream-stream.txt`) });
    const chunks: unknown[] = [];
    try {
      for await (const chunk of await vertexAdapter.chatStream!(call as AdapterCall<ChatRequest>)) chunks.push(chunk);
    } catch (error) {
      chunks.push({ thrown: thrown(error) });
    }
    checkSent(name, sent);
    expectJson(`${name}.expected.json`, chunks);
  });

  it.each(casesOf('.upstream-response.http'))('%s: maps the error answer, before a stream too', async (name) => {
    const answer = readHttp(`${name}.upstream-response.http`);
    const model = name.startsWith('claude-') ? 'claude-sonnet-4-5@20250929' : 'gemini-2.5-flash';
    const request: ChatRequest = { model, messages: [{ role: 'user', content: 'Hi' }] };
    const failure = await vertexAdapter.chat!(callOf(name, request, answer).call).then(
      () => undefined,
      (error: unknown) => error,
    );
    expectJson(`${name}.expected.json`, thrown(failure));
    const streamFailure = await vertexAdapter.chatStream!(callOf(name, { ...request, stream: true }, answer).call).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(thrown(streamFailure)).toEqual(thrown(failure));
  });
});
