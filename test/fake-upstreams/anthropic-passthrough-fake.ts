import { type FakeServer, startFakeServer, writeJson } from '../conformance/fake-server.js';
import type { ScriptedReply } from '../conformance/kit.js';
import { anthropicErrorBody, toMessage, toStreamEvents } from './anthropic-wire.js';

/** What the fake Anthropic API answers next: a scripted reply, or an error status and type. */
export type AnthropicAnswer =
  | ScriptedReply
  | { kind: 'error'; status: number; type: string; message: string; headers?: Record<string, string> }
  | { kind: 'stall' };

/**
 * A fake Anthropic API for the pass-through path: it answers `POST /v1/messages`
 * (JSON or SSE, with a `request-id` and rate-limit headers) and
 * `POST /v1/messages/count_tokens`, and keeps the raw requests and the exact SSE text it wrote.
 */
export async function startAnthropicPassthroughFake(): Promise<FakeServer & { answers: AnthropicAnswer[]; written: string[] }> {
  const answers: AnthropicAnswer[] = [];
  const written: string[] = [];
  const server = await startFakeServer((request, res) => {
    const body = request.body as Record<string, any>;
    const headers = { 'request-id': 'req_011CFake', 'anthropic-ratelimit-requests-remaining': '49', 'anthropic-organization-id': 'org-hidden' };
    if (request.url === '/v1/messages/count_tokens') return writeJson(res, 200, { input_tokens: 1234 }, headers);
    if (request.method === 'GET') {
      const data = [{ type: 'model', id: 'claude-sonnet-4-5-20250929', display_name: 'Claude Sonnet 4.5', created_at: '2025-09-29T00:00:00Z' }];
      return writeJson(res, 200, { data, has_more: false, first_id: data[0].id, last_id: data[0].id });
    }
    const answer = answers.shift() ?? { kind: 'reply', text: 'Hello from Claude.', finish: 'stop', usage: { prompt: 20, completion: 5, cachedPrompt: 8 } };
    if (answer.kind === 'error') return writeJson(res, answer.status, anthropicErrorBody(answer.type, answer.message), { ...headers, ...answer.headers });
    if (answer.kind === 'stall') {
      // The first event, then nothing until the peer goes away.
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', ...headers });
      res.write(`event: message_start\ndata: ${JSON.stringify({ type: 'message_start', message: { id: 'msg_stall', type: 'message', role: 'assistant', model: body.model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 1, output_tokens: 1 } } })}\n\n`);
      return;
    }
    if (body.stream !== true) return writeJson(res, 200, toMessage(answer, 'msg_01Fake', body.model, false), headers);
    const text = toStreamEvents(answer, 'msg_01Fake', body.model, false)
      .map(({ event, data }) => `event: ${event}\ndata: ${data}\n\n`)
      .join('');
    written.push(text);
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', ...headers });
    res.end(text);
  });
  return Object.assign(server, { answers, written });
}
