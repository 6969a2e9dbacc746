import { createHash, randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { awsSignature, sha256Hex, type AwsCredentials } from '../../src/http/sigv4.js';
import { type RecordedRequest, startFakeServer, writeJson } from '../conformance/fake-server.js';
import type { ConformanceUpstream, ReceivedRequest, Script } from '../conformance/kit.js';
import { asksForJson, bedrockErrors, exceptionFrame, readConverseRequest, textFrames, toConverseAnswer, toConverseStreamFrames } from './bedrock-wire.js';
import { encodeAwsEvent } from './aws-event-stream.js';

/** Who the fake lets in: requests signed with these credentials (SigV4, service `bedrock`), and/or this Bedrock API key. */
export interface BedrockUpstreamOptions {
  credentials?: AwsCredentials;
  /** The region signatures must be scoped to; `us-east-1` by default. */
  region?: string;
  apiKey?: string;
}

/** How a request authenticated, as the fake judged it. */
export type BedrockAuth = { kind: 'sigv4'; accessKeyId: string } | { kind: 'bearer' } | { kind: 'refused'; reason: string };

/** A fake Bedrock Runtime: the conformance upstream, plus embeddings and what it made of each request's credentials. */
export interface BedrockUpstream extends ConformanceUpstream {
  /** Every request, raw, in arrival order. */
  readonly requests: readonly RecordedRequest[];
  /** The authentication of each request, in arrival order. */
  readonly auth: readonly BedrockAuth[];
}

/**
 * Starts a fake Bedrock Runtime on 127.0.0.1: `POST /model/{modelId}/converse`,
 * `/converse-stream` (AWS event-stream frames) and `/invoke` (Titan and Cohere
 * embeddings). Every request must carry a valid SigV4 signature, recomputed here
 * with the same secret, or the configured API key; else it is refused with 403
 * as Bedrock refuses it.
 */
export async function startBedrockUpstream(options: BedrockUpstreamOptions = {}): Promise<BedrockUpstream> {
  const queue: Script[] = [];
  const received: ReceivedRequest[] = [];
  const auth: BedrockAuth[] = [];
  const server = await startFakeServer((request, res) => {
    const verdict = authenticate(request, options);
    auth.push(verdict);
    if (verdict.kind === 'refused') return sendError(res, 403, verdict.reason.startsWith('The security token') ? 'UnrecognizedClientException' : 'InvalidSignatureException', verdict.reason);
    const route = /^\/model\/([^/]+)\/(converse|converse-stream|invoke)$/.exec(request.url);
    if (request.method !== 'POST' || !route) return sendError(res, 404, 'UnknownOperationException', `no route ${request.method} ${request.url}`);
    const model = decodeURIComponent(route[1]);
    if (request.body === undefined) return sendError(res, 400, 'SerializationException', 'The request body is not JSON.');
    const body = request.body as Record<string, any>;
    if (route[2] === 'invoke') return answerEmbeddings(res, model, body);
    const stream = route[2] === 'converse-stream';
    received.push(readConverseRequest(body, model, stream, request.headers));
    answer(res, queue.shift() ?? { kind: 'reply', text: 'Hello there!', finish: 'stop', usage: { prompt: 9, completion: 3 } }, stream, asksForJson(body));
  });
  return {
    url: server.url,
    requests: server.requests,
    auth,
    enqueue: (script) => void queue.push(script),
    received: () => received,
    nextAbort: () => server.nextAbort(),
    close: () => server.close(),
  };
}

function answer(res: ServerResponse, script: Script, stream: boolean, json: boolean): void {
  if (script.kind === 'error') {
    const error = bedrockErrors[script.error];
    return sendError(res, error.status, error.type, error.message);
  }
  if (!stream) {
    if (script.kind !== 'reply') return sendError(res, 500, 'InternalServerException', 'a stream script for a non-streaming call');
    return writeJson(res, 200, toConverseAnswer(script, json), { 'x-amzn-requestid': randomUUID() });
  }
  res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream', 'x-amzn-requestid': randomUUID() });
  if (script.kind === 'reply') {
    for (const frame of toConverseStreamFrames(script, json)) res.write(frame);
    return void res.end();
  }
  res.write(encodeAwsEvent('messageStart', { role: 'assistant' }));
  for (const frame of textFrames(script.textBefore)) res.write(frame);
  if (script.kind === 'stall') return;
  res.end(exceptionFrame(script.error));
}

function answerEmbeddings(res: ServerResponse, model: string, body: Record<string, any>): void {
  const headers = (tokens: number) => ({ 'x-amzn-requestid': randomUUID(), 'x-amzn-bedrock-input-token-count': String(tokens) });
  if (model.includes('amazon.titan-embed')) {
    const tokens = countWords(body.inputText);
    return writeJson(res, 200, { embedding: fakeVector(body.inputText, body.dimensions ?? 8), inputTextTokenCount: tokens }, headers(tokens));
  }
  if (model.includes('cohere.embed')) {
    const texts = body.texts as string[];
    const tokens = texts.reduce((sum, text) => sum + countWords(text), 0);
    return writeJson(res, 200, { embeddings: texts.map((text) => fakeVector(text, body.output_dimension ?? 8)), id: randomUUID(), response_type: 'embeddings_floats', texts }, headers(tokens));
  }
  sendError(res, 400, 'ValidationException', `The provided model identifier is invalid: ${model}`);
}

/** A deterministic vector for a text, so tests can tell inputs apart; its values are exact in float32 (base64 encoding). */
export function fakeVector(text: string, dimensions: number): number[] {
  const digest = createHash('sha256').update(text).digest();
  return Array.from({ length: dimensions }, (_, i) => (digest[i % digest.length] - 128) / 128);
}

function countWords(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

function sendError(res: ServerResponse, status: number, type: string, message: string): void {
  writeJson(res, status, { message }, { 'x-amzn-errortype': `${type}:http://internal.amazon.com/coral/com.amazon.bedrock/`, 'x-amzn-requestid': randomUUID() });
}

const authorization = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/;

/** Checks a request's credentials as Bedrock would: recomputes its SigV4 signature from what arrived, or compares the API key. */
function authenticate(request: RecordedRequest, options: BedrockUpstreamOptions): BedrockAuth {
  const header = String(request.headers.authorization ?? '');
  if (header.startsWith('Bearer ')) {
    return options.apiKey !== undefined && header === `Bearer ${options.apiKey}` ? { kind: 'bearer' } : { kind: 'refused', reason: 'The security token included in the request is invalid.' };
  }
  const credentials = options.credentials;
  const match = authorization.exec(header);
  if (!credentials || !match) return { kind: 'refused', reason: 'Authorization header requires a valid SigV4 signature or a Bedrock API key.' };
  const [, accessKeyId, dateStamp, region, service, signedList, signature] = match;
  if (accessKeyId !== credentials.accessKeyId) return { kind: 'refused', reason: 'The security token included in the request is invalid.' };
  if (region !== (options.region ?? 'us-east-1') || service !== 'bedrock') return { kind: 'refused', reason: `Credential should be scoped to a valid region and service, not '${region}/${service}'.` };
  const amzDate = String(request.headers['x-amz-date'] ?? '');
  if (!amzDate.startsWith(dateStamp)) return { kind: 'refused', reason: 'Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP.' };
  const signedAt = Date.parse(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`);
  if (!(Math.abs(Date.now() - signedAt) < 5 * 60_000)) return { kind: 'refused', reason: 'Signature expired.' };
  const signed = signedList.split(';');
  for (const required of ['host', 'x-amz-date', ...(credentials.sessionToken ? ['x-amz-security-token'] : [])]) {
    if (!signed.includes(required)) return { kind: 'refused', reason: `'${required}' must be a signed header.` };
  }
  if (credentials.sessionToken && request.headers['x-amz-security-token'] !== credentials.sessionToken) return { kind: 'refused', reason: 'The security token included in the request is invalid.' };
  const headers: Record<string, string> = {};
  for (const name of signed) headers[name] = String(request.headers[name] ?? '');
  const queryAt = request.url.indexOf('?');
  const parts = {
    method: request.method,
    path: queryAt === -1 ? request.url : request.url.slice(0, queryAt),
    query: queryAt === -1 ? '' : request.url.slice(queryAt + 1),
    headers,
    payloadHash: sha256Hex(request.raw),
  };
  if (awsSignature(parts, credentials.secretAccessKey, amzDate, { region, service }) !== signature) {
    return { kind: 'refused', reason: 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.' };
  }
  return { kind: 'sigv4', accessKeyId };
}
