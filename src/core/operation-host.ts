import type { ChatRequest, ChatResponse, StreamChunk } from '../api/index.js';
import type { GatewayError } from '../errors/index.js';
import type { Logger } from '../logging/logger.js';
import type { AdapterCall } from '../providers/contract.js';
import type { RequestContext } from './request-context.js';
import type { ModelRoute } from './resolve-model.js';

/**
 * What the gateway lends to the operations written outside it (text completions,
 * the Responses API): routing, calling a provider with retries, and its own chat,
 * which translated requests go through (plugins included).
 */
export interface OperationHost {
  /**
   * Resolves `model` once providers are loaded, and records the route in the
   * context. A virtual model, or a model with configured fallbacks, gets its
   * first target's route with the whole plan (`route.plan`).
   */
  route(model: unknown, context: RequestContext): Promise<ModelRoute>;
  /**
   * One operation on the route's provider: key choice, a concurrency slot and
   * retries, as for chat. `request` is sent with the provider's model name.
   * With `holdSlot` (a stream), the slot is kept after success (release it with
   * `route.runtime.limiter?.release()`) and the provider's stream timeouts apply.
   * With a plan, or `fallbacks` in the request (never sent upstream), the targets
   * served by the route's adapter are tried in turn, and `route` is left naming
   * the one that served.
   */
  call<Request extends { model: string }, Result>(
    route: ModelRoute,
    request: Request,
    context: RequestContext,
    invoke: (call: AdapterCall<Request>) => Promise<Result>,
    holdSlot?: boolean,
  ): Promise<Result>;
  chat(request: ChatRequest, options: { context: RequestContext }): Promise<ChatResponse>;
  chatStream(request: ChatRequest, options: { context: RequestContext }): AsyncGenerator<StreamChunk, void, undefined>;
  /** The `GatewayError` for anything thrown (internal errors are logged). */
  failure(error: unknown): GatewayError;
  readonly logger: Logger;
}
