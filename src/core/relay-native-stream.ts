import type { GatewayError } from '../errors/index.js';
import type { AdapterCall } from '../providers/contract.js';
import type { OperationHost } from './operation-host.js';
import type { RequestContext } from './request-context.js';
import type { ModelRoute } from './resolve-model.js';
import { closeQuietly, startStream } from './start-stream.js';

/**
 * Opens a provider's native stream (retried, like a chat stream, until its first
 * item arrives) and relays it, releasing the concurrency slot when it ends. A
 * failure after the first item becomes one last item made by `toError` from the
 * failure and the last item relayed; nothing is added when the caller went away.
 */
export async function* relayNativeStream<Request extends { model: string }, Item>(
  host: OperationHost,
  route: ModelRoute,
  request: Request,
  context: RequestContext,
  open: (call: AdapterCall<Request>) => Promise<AsyncIterable<Item>>,
  toError: (failure: GatewayError, last: Item) => Item,
): AsyncGenerator<Item, void, undefined> {
  const started = await host.call(route, request, context, (call) => startStream(() => open(call)), true);
  const limiter = route.runtime.limiter;
  const { iterator } = started;
  let next = started.first;
  let last: Item | undefined;
  let completed = false;
  try {
    while (!next.done) {
      last = next.value;
      yield last;
      next = await iterator.next();
    }
    completed = true;
  } catch (error) {
    const failure = host.failure(error);
    if (failure.failureClass !== 'cancelled') {
      host.logger.warn({ requestId: context.requestId, provider: context.provider, code: failure.code, err: failure }, 'stream failed after output began');
      yield toError(failure, last as Item);
    }
  } finally {
    limiter?.release();
    if (!completed) await closeQuietly(iterator);
  }
}
