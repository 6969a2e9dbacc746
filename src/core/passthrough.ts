import type { PassthroughRequest, PassthroughResponse } from '../api/index.js';
import type { OperationHost } from './operation-host.js';
import type { RequestContext } from './request-context.js';

/**
 * Passes a request in a vendor API's shape to the model's provider when its adapter
 * serves that API natively (`nativeApis`), with key choice, a concurrency slot and
 * retries as for chat; resolves `undefined` when it does not, and the caller
 * translates instead. A non-streamed answer is read whole inside the attempt, so a
 * failure while reading it is retried too; a stream keeps its slot until its body ends.
 */
export async function passthrough(host: OperationHost, request: PassthroughRequest, context: RequestContext): Promise<PassthroughResponse | undefined> {
  const route = await host.route(request.model, context);
  const adapter = route.runtime.adapter;
  const send = adapter.passthrough;
  if (send === undefined || !adapter.nativeApis?.includes(request.api)) return undefined;
  if (!request.stream) return host.call(route, request, context, (call) => send(call).then(readWhole));
  const response = await host.call(route, request, context, send, true);
  return { ...response, body: releasing(response.body, () => route.runtime.limiter?.release()) };
}

async function readWhole(response: PassthroughResponse): Promise<PassthroughResponse> {
  const parts: Uint8Array[] = [];
  for await (const part of response.body) parts.push(part);
  return { ...response, body: once(Buffer.concat(parts)) };
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

async function* releasing(body: AsyncIterable<Uint8Array>, release: () => void): AsyncGenerator<Uint8Array> {
  try {
    yield* body;
  } finally {
    release();
  }
}
