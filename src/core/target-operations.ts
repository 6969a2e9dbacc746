import type { ChatRequest, ChatResponse, EmbeddingRequest, EmbeddingResponse } from '../api/index.js';
import { errors } from '../errors/index.js';
import type { AdapterCall, ProviderAdapter } from '../providers/contract.js';
import { checkCapabilities } from './check-capabilities.js';
import type { ModelRoute } from './resolve-model.js';
import { type StartedStream, startStream } from './start-stream.js';

/**
 * One operation as it is sent to any target: the refusal of a target that cannot
 * serve it (checked before anything is sent), and the adapter call. Constants,
 * so that routing a request allocates nothing for them.
 */
export interface TargetOperation<Request, Result> {
  /** Whether the answer is a stream, held open (with its concurrency slot) after the first item. */
  readonly stream: boolean;
  /** Throws a caller error when the target's adapter lacks the operation or a capability the request needs. */
  check(target: ModelRoute, request: Request): void;
  invoke(call: AdapterCall<Request>, adapter: ProviderAdapter): Promise<Result>;
}

/** A chat completion. */
export const chatOperation: TargetOperation<ChatRequest, ChatResponse> = {
  stream: false,
  check(target, request) {
    const adapter = target.runtime.adapter;
    if (!adapter.chat) throw errors.unsupportedOperation(target.runtime.name, 'chat');
    checkCapabilities(request, adapter, target.runtime.name);
  },
  invoke: (call, adapter) => adapter.chat!(call),
};

/** A streamed chat completion, until its first chunk. */
export const chatStreamOperation: TargetOperation<ChatRequest, StartedStream> = {
  stream: true,
  check(target, request) {
    const adapter = target.runtime.adapter;
    if (!adapter.chatStream) throw errors.unsupportedOperation(target.runtime.name, 'streaming chat');
    checkCapabilities(request, adapter, target.runtime.name);
  },
  invoke: (call, adapter) => startStream(() => adapter.chatStream!(call)),
};

/** Embeddings. */
export const embedOperation: TargetOperation<EmbeddingRequest, EmbeddingResponse> = {
  stream: false,
  check(target) {
    if (!target.runtime.adapter.embed) throw errors.unsupportedOperation(target.runtime.name, 'embeddings');
  },
  invoke: (call, adapter) => adapter.embed!(call),
};
