import type { ServerResponse } from 'node:http';
import { type FakeServer, type RecordedRequest, startFakeServer, writeJson, writeSse } from '../conformance/fake-server.js';
import type { ConformanceUpstream, ReceivedRequest, Script } from '../conformance/kit.js';
import { cohereErrorAnswers, cohereStreamStart, toCohereAnswer, toCohereFailedStream, toCohereStreamEvents } from './cohere-answers.js';
import { cohereChatRequestSchema, cohereChatResponseSchema, cohereEmbedRequestSchema, cohereStreamEventSchema } from './cohere-wire.js';
import { readCohereRequest } from './read-cohere-request.js';

/** A model as `GET /v1/models` lists it. */
export interface CohereFakeModel {
  name: string;
  endpoints: string[];
}

/** A running fake Cohere API: the conformance contract, plus every request it received. */
export interface CohereUpstream extends ConformanceUpstream {
  /** Every request, chat or not, in arrival order. */
  readonly requests: readonly RecordedRequest[];
}

const defaultModels: CohereFakeModel[] = [
  { name: 'command-a-03-2025', endpoints: ['generate', 'chat', 'summarize'] },
  { name: 'embed-v4.0', endpoints: ['embed'] },
  { name: 'rerank-v3.5', endpoints: ['rerank'] },
];

/**
 * A fake Cohere v2 API on 127.0.0.1 (port 0) for the conformance suite and end-to-end
 * tests: `POST /v2/chat` (JSON or SSE, answering queued scripts), `POST /v2/embed`
 * (deterministic vectors) and `GET /v1/models`. Like Cohere, it refuses a request
 * without a bearer key (401) or whose body does not match the v2 schema (400), and
 * it checks its own answers against the same schemas.
 */
export async function startCohereUpstream(options: { models?: CohereFakeModel[] } = {}): Promise<CohereUpstream> {
  const queue: Script[] = [];
  const received: ReceivedRequest[] = [];
  let answers = 0;
  const server: FakeServer = await startFakeServer((request, res) => {
    const route = `${request.method} ${request.url.split('?')[0]}`;
    if (!/^Bearer \S+$/.test(String(request.headers.authorization ?? ''))) return writeJson(res, 401, { message: 'no api key supplied' });
    if (route === 'GET /v1/models') return writeJson(res, 200, { models: options.models ?? defaultModels });
    if (route === 'POST /v2/embed') return answerEmbed(request, res);
    if (route !== 'POST /v2/chat') return writeJson(res, 404, { message: `no route ${route}` });
    const checked = cohereChatRequestSchema.safeParse(request.body);
    if (!checked.success) return writeJson(res, 400, { message: `invalid request: ${checked.error.message}` });
    received.push(readCohereRequest(request));
    const script = queue.shift() ?? { kind: 'reply', text: 'Hello there!', finish: 'stop', usage: { prompt: 9, completion: 3 } };
    answerChat(res, script, checked.data.stream, `${'0'.repeat(8)}-0000-4000-8000-${String(++answers).padStart(12, '0')}`);
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

function answerChat(res: ServerResponse, script: Script, stream: boolean, id: string): void {
  if (script.kind === 'error') {
    const { status, message } = cohereErrorAnswers[script.error];
    return writeJson(res, status, { message });
  }
  if (script.kind === 'stall') return writeSse(res, checked(cohereStreamStart(id, script.textBefore)), { stall: true });
  if (script.kind === 'stream-failure') return writeSse(res, checked(toCohereFailedStream(id, script.textBefore, script.error)));
  if (!stream) return writeJson(res, 200, cohereChatResponseSchema.parse(toCohereAnswer(id, script)));
  writeSse(res, checked(toCohereStreamEvents(id, script)));
}

/** Checks each event against Cohere's stream schema, so the fake cannot drift from the real wire. */
function checked<Event extends { data: string }>(events: Event[]): Event[] {
  for (const { data } of events) if (data !== '[DONE]') cohereStreamEventSchema.parse(JSON.parse(data));
  return events;
}

function answerEmbed(request: RecordedRequest, res: ServerResponse): void {
  const checkedBody = cohereEmbedRequestSchema.safeParse(request.body);
  if (!checkedBody.success) return writeJson(res, 400, { message: `invalid request: ${checkedBody.error.message}` });
  const texts = checkedBody.data.texts ?? [];
  const dimensions = checkedBody.data.output_dimension ?? 8;
  const float = texts.map((text) => Array.from({ length: dimensions }, (_, i) => ((text.length + i) % 7) / 10));
  const tokens = texts.reduce((sum, text) => sum + text.split(/\s+/).filter(Boolean).length, 0);
  writeJson(res, 200, { response_type: 'embeddings_by_type', id: 'da6e531f-54c6-4a73-bf92-f60566d8d753', embeddings: { float }, texts, meta: { api_version: { version: '2' }, billed_units: { input_tokens: tokens } } });
}
