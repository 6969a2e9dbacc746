import { type RecordedRequest, startFakeServer, writeJson, writeSse } from '../conformance/fake-server.js';
import type { ConformanceUpstream, ReceivedRequest, Script } from '../conformance/kit.js';
import { readGeminiRequest } from './gemini-upstream.js';
import { blockedPromptAnswer, googleErrors, toGeminiAnswer, toGeminiStreamEvents } from './gemini-wire.js';
import { createFakeTokenEndpoint, createTestServiceAccount, type FakeTokenEndpoint, type TestServiceAccount } from './google-token-endpoint.js';
import { vertexAnthropicAnswerer } from './vertex-anthropic.js';
import { type ChatAnswerer, toVertexEmbeddingAnswer, vertexErrors } from './vertex-wire.js';

/** Options of `startVertexUpstream`. */
export interface VertexUpstreamOptions {
  /** The project and location the fake serves; calls for others get Google's 403 / 404. */
  projectId?: string;
  region?: string;
  /** Bearer tokens accepted besides those the token endpoint issues (a key's ready access token). */
  staticTokens?: string[];
}

/** A fake Vertex AI: a conformance upstream with a token endpoint, embeddings, and the raw requests. */
export interface VertexUpstream extends ConformanceUpstream {
  readonly projectId: string;
  readonly region: string;
  /** A service account the token endpoint trusts, whose `token_uri` is this fake's `/token`. */
  readonly serviceAccount: TestServiceAccount;
  readonly tokenEndpoint: FakeTokenEndpoint;
  /** Every request received, as sent (token exchanges included). */
  readonly requests: readonly RecordedRequest[];
}

const modelRoute = /^\/v1\/projects\/([^/]+)\/locations\/([^/]+)\/publishers\/([^/]+)\/models\/([^/:]+):(\w+)$/;

/** How the fake answers chat for Google's models: Gemini's wire format, as Vertex sends it (with `createTime`). */
const geminiAnswerer: ChatAnswerer = {
  methods: { generateContent: false, streamGenerateContent: true },
  read: (request, model, stream) => readGeminiRequest(request, model, stream),
  answer(res, script, stream, id) {
    const vertex = { createTime: '2025-06-01T12:00:00.000000Z' };
    if (script.kind === 'error') {
      if (script.error === 'content-policy') {
        const blocked = { ...blockedPromptAnswer(id), ...vertex };
        return stream ? writeSse(res, [{ data: JSON.stringify(blocked) }]) : writeJson(res, 200, blocked);
      }
      const { status, body } = script.error === 'auth' ? vertexErrors.unauthenticated : googleErrors[script.error];
      return writeJson(res, status, body);
    }
    if (script.kind === 'stall' || script.kind === 'stream-failure') {
      const events = [{ data: JSON.stringify({ candidates: [{ content: { parts: [{ text: script.textBefore }], role: 'model' }, index: 0 }], responseId: id, ...vertex }) }];
      if (script.kind === 'stream-failure') events.push({ data: JSON.stringify(googleErrors[script.error === 'content-policy' || script.error === 'auth' ? 'server-error' : script.error].body) });
      return writeSse(res, events, { stall: script.kind === 'stall' });
    }
    if (!stream) return writeJson(res, 200, { ...toGeminiAnswer(script, id), ...vertex });
    writeSse(res, toGeminiStreamEvents(script, id).map((data) => ({ data: JSON.stringify({ ...JSON.parse(data), ...vertex }) })));
  },
};

const answerers: Record<string, ChatAnswerer> = { google: geminiAnswerer, anthropic: vertexAnthropicAnswerer };

/**
 * Starts a fake of Vertex AI on 127.0.0.1: `POST /token` (Google's OAuth token endpoint,
 * checking the service account's signed assertion), and per publisher model
 * `/v1/projects/{project}/locations/{region}/publishers/{publisher}/models/{model}:{method}`:
 * Google's `generateContent`, `streamGenerateContent?alt=sse` and `predict` (embeddings),
 * Anthropic's `rawPredict` and `streamRawPredict`. Model calls need a bearer token the
 * token endpoint issued. Chat calls are answered from neutral scripts and read back (`received()`).
 */
export async function startVertexUpstream(options: VertexUpstreamOptions = {}): Promise<VertexUpstream> {
  const projectId = options.projectId ?? 'test-project';
  const region = options.region ?? 'us-central1';
  const queue: Script[] = [];
  const received: ReceivedRequest[] = [];
  let answers = 0;
  let tokenEndpoint: FakeTokenEndpoint | undefined;
  const server = await startFakeServer((request, res) => {
    const [path, query = ''] = request.url.split('?');
    if (request.method === 'POST' && path === '/token') return tokenEndpoint!.handle(request.raw.toString('utf8'), res);
    const match = request.method === 'POST' ? modelRoute.exec(path!) : null;
    if (!match) return writeJson(res, 404, vertexErrors.notFound(`${request.method} ${request.url}`).body);
    const authorization = request.headers.authorization;
    const staticToken = options.staticTokens?.some((token) => authorization === `Bearer ${token}`) ?? false;
    if (!staticToken && !tokenEndpoint!.isValid(authorization)) return writeJson(res, vertexErrors.unauthenticated.status, vertexErrors.unauthenticated.body);
    const [, project, location, publisher, model, method] = match;
    if (project !== projectId) return writeJson(res, vertexErrors.permissionDenied.status, vertexErrors.permissionDenied.body);
    if (location !== region) return writeJson(res, 404, vertexErrors.notFound(`location ${location}`).body);
    if (publisher === 'google' && method === 'predict') return writeJson(res, 200, toVertexEmbeddingAnswer(request.body));
    const answerer = answerers[publisher!];
    const stream = answerer?.methods[method!];
    if (stream === undefined) return writeJson(res, 404, vertexErrors.notFound(`${publisher}/${model}:${method}`).body);
    if (publisher === 'google' && stream && query !== 'alt=sse') return writeJson(res, 400, vertexErrors.invalidArgument('expected ?alt=sse').body);
    const refusal = answerer.check?.(request, stream);
    if (refusal) return writeJson(res, 400, refusal);
    received.push(answerer.read(request, model!, stream));
    const script = queue.shift() ?? { kind: 'reply', text: 'Hello there!', finish: 'stop', usage: { prompt: 9, completion: 3 } };
    answerer.answer(res, script, stream, `vertex-resp-${++answers}`, request);
  });
  const serviceAccount = createTestServiceAccount(`${server.url}/token`);
  tokenEndpoint = createFakeTokenEndpoint([serviceAccount], `${server.url}/token`);
  return {
    url: server.url,
    projectId,
    region,
    serviceAccount,
    tokenEndpoint,
    requests: server.requests,
    enqueue: (script) => void queue.push(script),
    received: () => received,
    nextAbort: () => server.nextAbort(),
    close: () => server.close(),
  };
}

/** The `vertex_key_config` of a key pointed at `upstream` (its project, region and service account). */
export function vertexKeyConfig(upstream: VertexUpstream): Record<string, unknown> {
  return { project_id: upstream.projectId, region: upstream.region, auth_credentials: upstream.serviceAccount.credentials };
}
