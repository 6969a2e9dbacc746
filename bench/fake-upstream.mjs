// A fast fake upstream: OpenAI's POST /v1/chat/completions and Anthropic's POST /v1/messages,
// non-streaming or SSE, each with its own auth header. With --fail-rate, that share of the requests
// (spread evenly: 0.5 fails every second one) is answered with --fail-status and an OpenAI error body.
// Usage: node bench/fake-upstream.mjs [--port 0] [--host 127.0.0.1] [--delay-ms 0] [--api-key sk-bench]
//        [--fail-rate 0] [--fail-status 500]
// Prints `fake-upstream listening on http://HOST:PORT` when ready.
import http from 'node:http';
import { parseArgs } from 'node:util';
import { toMessageBody, toMessageStreamEvents } from './anthropic-responses.mjs';
import { toCompletionBody, toErrorBody, toStreamEvents } from './openai-responses.mjs';
import { exitWithParent } from './exit-with-parent.mjs';

const { values: flags } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    'delay-ms': { type: 'string', default: '0' },
    'api-key': { type: 'string', default: 'sk-bench' },
    'fail-rate': { type: 'string', default: '0' },
    'fail-status': { type: 'string', default: '500' },
  },
});
const delayMs = Number(flags['delay-ms']);
const failRate = Number(flags['fail-rate']);
const failStatus = Number(flags['fail-status']);
if (!(failRate >= 0 && failRate <= 1)) throw new Error(`--fail-rate must be between 0 and 1, got ${flags['fail-rate']}`);
let answered = 0;
const expectedAuthorization = `Bearer ${flags['api-key']}`;

const MAX_CACHED_MODELS = 64;
const bodiesByModel = new Map();

function bodiesFor(model) {
  let bodies = bodiesByModel.get(model);
  if (!bodies) {
    bodies = {
      completion: toCompletionBody(model),
      stream: toStreamEvents(model, false),
      streamWithUsage: toStreamEvents(model, true),
      message: toMessageBody(model),
      messageStream: toMessageStreamEvents(model),
    };
    if (bodiesByModel.size < MAX_CACHED_MODELS) bodiesByModel.set(model, bodies);
  }
  return bodies;
}

function sendError(res, status, message, type, code) {
  const body = toErrorBody(message, type, code);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': body.length });
  res.end(body);
}

/** Whether the next request fails: request n fails when floor(n × rate) steps up, so failures are evenly spread. */
function nextFails() {
  answered++;
  return Math.floor(answered * failRate) > Math.floor((answered - 1) * failRate);
}

function answer(res, request, wire) {
  if (failRate > 0 && nextFails()) return sendError(res, failStatus, 'The fake upstream failed on purpose.', 'server_error', null);
  const bodies = bodiesFor(String(request.model));
  if (request.stream === true) {
    const events = wire === 'anthropic' ? bodies.messageStream : request.stream_options?.include_usage ? bodies.streamWithUsage : bodies.stream;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
    // One write per event, as a real provider sends them (not coalesced into one buffer).
    for (const event of events) res.write(event);
    res.end();
  } else {
    const body = wire === 'anthropic' ? bodies.message : bodies.completion;
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
    res.end(body);
  }
}

const wires = {
  '/v1/chat/completions': { name: 'openai', authorized: (req) => req.headers.authorization === expectedAuthorization },
  '/v1/messages': { name: 'anthropic', authorized: (req) => req.headers['x-api-key'] === flags['api-key'] && req.headers['anthropic-version'] !== undefined },
};

function handle(req, res) {
  const wire = req.method === 'POST' ? wires[req.url] : undefined;
  if (!wire) {
    req.resume();
    return sendError(res, 404, `Unknown request URL: ${req.method} ${req.url}`, 'invalid_request_error', 'unknown_url');
  }
  if (!wire.authorized(req)) {
    req.resume();
    return sendError(res, 401, 'Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key');
  }
  const parts = [];
  req.on('data', (part) => parts.push(part));
  req.on('end', () => {
    let request;
    try {
      request = JSON.parse(Buffer.concat(parts).toString('utf8'));
    } catch {
      return sendError(res, 400, 'We could not parse the JSON body of your request.', 'invalid_request_error', null);
    }
    if (delayMs > 0) setTimeout(answer, delayMs, res, request, wire.name);
    else answer(res, request, wire.name);
  });
}

const server = http.createServer(handle);
server.keepAliveTimeout = 60_000;
server.listen({ port: Number(flags.port), host: flags.host, backlog: 16_384 }, () => {
  const { address, port } = server.address();
  process.stdout.write(`fake-upstream listening on http://${address}:${port}\n`);
});
exitWithParent(() => server.close());
