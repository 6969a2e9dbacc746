import type { ServerResponse } from 'node:http';
import { type RecordedRequest, startFakeServer, writeJson, writeSse } from '../conformance/fake-server.js';
import type { ConformanceUpstream, ReceivedRequest, Script, ScriptedReply } from '../conformance/kit.js';
import { anthropicErrorBody, errorAnswers, event, jsonToolName, messageStart, readAnthropicRequest, toMessage, toStreamEvents } from './anthropic-wire.js';

/** Options of `startAnthropicUpstream`. */
export interface AnthropicUpstreamOptions {
  /** The key `x-api-key` must carry; any non-empty key passes when unset. */
  apiKey?: string;
  /** Model ids of `GET /v1/models`. */
  models?: string[];
  /** Most models on one page of `GET /v1/models`, whatever `limit` asks (Anthropic caps it at 1000). */
  pageSize?: number;
}

/** A running fake Anthropic API: a conformance upstream that also records raw requests and lists models. */
export interface AnthropicUpstream extends ConformanceUpstream {
  /** Every request received (messages, models, anything else), in arrival order. */
  readonly requests: readonly RecordedRequest[];
}

const defaultReply: ScriptedReply = { kind: 'reply', text: 'Hello there!', finish: 'stop', usage: { prompt: 9, completion: 3 } };

/**
 * A fake Anthropic API on 127.0.0.1 (https://docs.claude.com/en/api/messages): `POST /v1/messages`
 * answers scripts as a JSON `message` or as server-sent events, after checking what
 * Anthropic checks first (`anthropic-version`, `x-api-key`, `max_tokens`); `GET /v1/models`
 * lists models in pages (`limit`, `after_id`). A request forcing the JSON tool gets its
 * scripted text as that tool's input, as Claude answers it.
 */
export async function startAnthropicUpstream(options: AnthropicUpstreamOptions = {}): Promise<AnthropicUpstream> {
  const queue: Script[] = [];
  const received: ReceivedRequest[] = [];
  let count = 0;
  const server = await startFakeServer((request, res) => {
    const path = request.url.split('?')[0];
    const refusal = checkHeaders(request, options.apiKey);
    if (refusal) return writeJson(res, refusal.status, anthropicErrorBody(refusal.type, refusal.message));
    if (request.method === 'GET' && path === '/v1/models') return listModels(res, request.url, options.models ?? ['claude-sonnet-4-5-20250929', 'claude-haiku-4-5-20251001', 'claude-opus-4-5-20251101'], options.pageSize ?? 1000);
    if (request.method !== 'POST' || path !== '/v1/messages') return writeJson(res, 404, anthropicErrorBody('not_found_error', 'Not found'));
    const body = request.body as Record<string, any> | undefined;
    if (body === undefined) return writeJson(res, 400, anthropicErrorBody('invalid_request_error', 'There was an issue with your request body: not valid JSON'));
    if (!Number.isInteger(body.max_tokens)) return writeJson(res, 400, anthropicErrorBody('invalid_request_error', 'max_tokens: Field required'));
    received.push(readAnthropicRequest(body, request.headers));
    const jsonTool = (body.tools ?? []).some((tool: { name?: string }) => tool.name === jsonToolName);
    answer(res, queue.shift() ?? defaultReply, body.stream === true, `msg_01Fake${++count}`, String(body.model), jsonTool);
  });
  return {
    url: server.url,
    requests: server.requests,
    enqueue: (script) => void queue.push(script),
    received: () => received,
    nextAbort: () => server.nextAbort(),
    close: () => server.close(),
  };
}

function checkHeaders(request: RecordedRequest, apiKey: string | undefined): { status: number; type: string; message: string } | undefined {
  if (request.headers['anthropic-version'] !== '2023-06-01') return { status: 400, type: 'invalid_request_error', message: 'anthropic-version: header is required' };
  const key = request.headers['x-api-key'];
  if (typeof key !== 'string' || key === '' || (apiKey !== undefined && key !== apiKey)) return { status: 401, type: 'authentication_error', message: 'invalid x-api-key' };
  return undefined;
}

function listModels(res: ServerResponse, url: string, models: string[], pageSize: number): void {
  const query = new URL(url, 'http://fake').searchParams;
  const limit = Math.min(Number(query.get('limit') ?? 20), pageSize);
  const after = query.get('after_id');
  const from = after === null ? 0 : models.indexOf(after) + 1;
  const page = models.slice(from, from + limit);
  writeJson(res, 200, {
    data: page.map((id) => ({ type: 'model', id, display_name: id, created_at: '2025-09-29T00:00:00Z' })),
    has_more: from + limit < models.length,
    first_id: page[0] ?? null,
    last_id: page.at(-1) ?? null,
  });
}

function answer(res: ServerResponse, script: Script, stream: boolean, id: string, model: string, jsonTool: boolean): void {
  if (script.kind === 'error') {
    const { status, type, message, headers } = errorAnswers[script.error];
    return writeJson(res, status, anthropicErrorBody(type, message), headers);
  }
  if (script.kind === 'stall' || script.kind === 'stream-failure') {
    const events = [
      messageStart(id, model, undefined),
      event({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
      event({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: script.textBefore } }),
    ];
    if (script.kind === 'stream-failure') {
      const { type, message } = errorAnswers[script.error];
      events.push(event(anthropicErrorBody(type, message)));
    }
    return writeSse(res, events, { stall: script.kind === 'stall' });
  }
  if (stream) return writeSse(res, toStreamEvents(script, id, model, jsonTool));
  writeJson(res, 200, toMessage(script, id, model, jsonTool));
}
