import type { PassthroughRequest, PassthroughResponse } from '../../api/index.js';
import { errors } from '../../errors/index.js';
import { readErrorText } from '../../http/read-json-body.js';
import type { UpstreamResponse } from '../../http/upstream-client.js';
import type { AdapterCall } from '../contract.js';
import { toPassthroughResponse } from '../shared/to-passthrough-response.js';
import { fromGeminiError } from './errors.js';

/**
 * The URL suffix of each Gemini API operation a client may pass through
 * (https://ai.google.dev/api). A stream is always asked for as server-sent events;
 * the gateway re-frames it when the client asked for Google's JSON-array stream.
 */
const operationSuffixes: Readonly<Record<string, string>> = {
  generateContent: ':generateContent',
  streamGenerateContent: ':streamGenerateContent?alt=sse',
  countTokens: ':countTokens',
  embedContent: ':embedContent',
  batchEmbedContents: ':batchEmbedContents',
} satisfies Record<string, string>;

/** Response headers worth relaying: the body's type, Google's server timing and request ids. */
const relayedHeaders: ReadonlySet<string> = new Set(['content-type', 'retry-after', 'server-timing', 'x-request-id']);

/**
 * Sends one upstream request to `path` (`models/gemini-2.5-flash:generateContent`, under the
 * API version); the adapter adds the origin and its headers (forwarded caller headers included).
 */
export type GeminiSend = (call: AdapterCall<PassthroughRequest>, path: string, body: string) => Promise<UpstreamResponse>;

/**
 * Passes a Gemini API request to Google as the client wrote it, and resolves with the
 * 2xx answer, body unread (server-sent events unchanged for a stream). Only the model
 * changes: in the URL, and where the body names it too (`requests[].model` of
 * `batchEmbedContents`, `generateContentRequest.model` of `countTokens`, `model` of
 * `embedContent`), since Google rejects a body whose model differs from the URL's.
 * A refused request rejects with the mapped error, as for `chat`.
 */
export async function passGeminiThrough(call: AdapterCall<PassthroughRequest>, resourceOf: (model: string) => string, send: GeminiSend): Promise<PassthroughResponse> {
  const { request, settings } = call;
  const suffix = operationSuffixes[request.operation];
  if (request.api !== 'gemini' || suffix === undefined) {
    throw errors.unsupportedOperation(settings.provider, `the ${request.api} operation ${JSON.stringify(request.operation)}`);
  }
  const resource = resourceOf(request.model);
  const response = await send(call, `${resource}${suffix}`, JSON.stringify(withModel(request.body, resource)));
  if (response.status >= 300) throw fromGeminiError(settings.provider, response.status, response.headers, await readErrorText(response));
  return toPassthroughResponse(call, response, (name) => relayedHeaders.has(name));
}

/** The body with each model it names set to `resource` (`models/<name>`); the body itself when it names none. */
function withModel(body: Record<string, unknown>, resource: string): Record<string, unknown> {
  let out = body;
  if (typeof body.model === 'string' && body.model !== resource) out = { ...body, model: resource };
  const requests = body.requests;
  if (Array.isArray(requests) && requests.some((entry) => entry !== null && typeof entry === 'object' && 'model' in entry && entry.model !== resource)) {
    out = { ...out, requests: requests.map((entry) => (entry !== null && typeof entry === 'object' && 'model' in entry ? { ...entry, model: resource } : entry)) };
  }
  const inner = body.generateContentRequest as Record<string, unknown> | undefined;
  if (inner !== null && typeof inner === 'object' && typeof inner.model === 'string' && inner.model !== resource) {
    out = { ...out, generateContentRequest: { ...inner, model: resource } };
  }
  return out;
}
