import { errors } from '../../errors/index.js';
import type { Gateway } from '../../gateway.js';
import type { GeminiStreamFraming } from '../../surfaces/gemini/gemini-stream-encoder.js';
import type { Exchange } from '../exchange.js';
import { readJsonBody } from '../read-json-body.js';
import { readDirectKey } from './read-direct-key.js';
import { relayGeminiPassthrough } from './relay-gemini-passthrough.js';
import { translateGeminiCall } from './translate-gemini-call.js';

/** The methods served on `models/{model}:{method}`. */
const methods: ReadonlySet<string> = new Set(['generateContent', 'streamGenerateContent', 'embedContent', 'batchEmbedContents', 'countTokens']);

const altSse = /[?&]alt=sse(?:&|$)/;

/**
 * `POST /v1beta/models/{model}:{method}`. The model is `provider/model`, or a bare name
 * (a key lists it, else it goes to the first provider that speaks the Gemini API). A
 * provider that speaks the Gemini API gets the call passed through; any other gets it
 * translated. `streamGenerateContent` answers server-sent events with `alt=sse`, else
 * Google's JSON array, streamed.
 */
export async function handleModelMethod(gateway: Gateway, exchange: Exchange): Promise<void> {
  const { method, model: name } = exchange.params;
  if (!methods.has(method!)) throw errors.routeNotFound(exchange.req.method ?? 'POST', exchange.path);
  readDirectKey(gateway, exchange);
  const body = await readJsonBody(exchange);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw errors.invalidRequest('The request body must be a JSON object.');
  const model = await gateway.resolveNativeModel('gemini', name!);
  const stream = method === 'streamGenerateContent';
  const framing: GeminiStreamFraming | undefined = stream ? (altSse.test(exchange.req.url ?? '') ? 'sse' : 'json-array') : undefined;
  const { context } = exchange;
  const request = body as Record<string, unknown>;
  const passed = await gateway.passthrough({ api: 'gemini', operation: method!, model, body: request, stream }, { context });
  if (passed !== undefined) return relayGeminiPassthrough(exchange, passed, framing);
  return translateGeminiCall(gateway, exchange, { method: method!, model, body: request, framing });
}
