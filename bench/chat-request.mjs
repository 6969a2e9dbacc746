// The one request every scenario sends, how a response is judged complete, and (scenario g) which
// provider served it.

export const CHAT_PATH = '/v1/chat/completions';
export const BENCH_MODEL = 'openai/gpt-4o-mini';
/** The model of scenario f: the same request, translated to Anthropic's Messages API by the gateway. */
export const TRANSLATED_MODEL = 'anthropic/claude-bench';

/** Client headers; the direct-to-upstream runs need the upstream's key, the gateway ignores it. */
export const CHAT_HEADERS = { 'content-type': 'application/json', authorization: 'Bearer sk-bench' };

/** The JSON body of a chat completion request, streaming or not. */
export function toChatRequestBody(stream, model = BENCH_MODEL) {
  const request = { model, messages: [{ role: 'user', content: 'Say hello' }] };
  if (stream) request.stream = true;
  return JSON.stringify(request);
}

const FINISHED_COMPLETION = /"finish_reason"\s*:\s*"stop"/;
const FINISHED_STREAM = /data: *\[DONE\]\s*$/;

/** True when a 2xx body is a whole completion: a finished message, or an SSE stream ended by [DONE]. */
export function isCompleteResponse(body, stream) {
  return stream ? FINISHED_STREAM.test(body) : FINISHED_COMPLETION.test(body);
}

/**
 * The provider that served an answer and the attempts it took, from the gateway's
 * `x-switchyard-provider` and `x-switchyard-attempts` headers (undici's parsed headers); nulls when absent.
 */
export function readRoute(headers) {
  const provider = headers?.['x-switchyard-provider'];
  const attempts = Number.parseInt(headers?.['x-switchyard-attempts'], 10);
  return { provider: typeof provider === 'string' ? provider : null, attempts: Number.isFinite(attempts) ? attempts : null };
}
