/** Runs requests through the semantic_cache plugin as the gateway does, with an in-memory store, a fake embedder and a fake provider. */
import { vi } from 'vitest';
import type { ChatRequest, ChatResponse, FinishReason } from '../../../src/api/index.js';
import { semanticCacheConfigSchema } from '../../../src/config/cache-schema.js';
import { createRequestContext } from '../../../src/core/request-context.js';
import { errors } from '../../../src/errors/index.js';
import type { Logger } from '../../../src/logging/logger.js';
import type { PluginRequest } from '../../../src/plugins/contract.js';
import { responseToStream } from '../../../src/streaming/response-to-stream.js';
import type { CacheMetrics } from '../../../src/cache/cache-metrics.js';
import { createSemanticCachePlugin } from '../../../src/cache/semantic-cache-plugin.js';
import { bagOfWordsEmbed } from './bag-of-words-embed.js';
import { MemoryCacheStore } from './memory-cache-store.js';

export const france = 'What is the capital of France?';
export const paraphrase = 'Tell me the capital city of France, please'; // 0.816 to `france` with the fake embedding
export const unrelated = 'How do I bake sourdough bread at home?'; // 0

export function ask(content: string, extra: Partial<ChatRequest> = {}): ChatRequest {
  return { model: 'openai/gpt-4o', messages: [{ role: 'user', content }], ...extra };
}

export function answer(text: string, finish: FinishReason | null = 'stop'): ChatResponse {
  return {
    id: `chatcmpl-${text.length}`,
    object: 'chat.completion',
    created: 1_700_000_000,
    model: 'gpt-4o',
    choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: finish }],
    usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 },
  };
}

export interface SendOptions {
  headers?: Record<string, string>;
  stream?: boolean;
  /** The provider's answer on a miss. */
  reply?: ChatResponse;
  /** Stream only: chunks delivered before the stream is cut (`streamed: false`). */
  cutAfter?: number;
  /** The provider fails instead of answering. */
  fail?: boolean;
}

export function setup(config: Record<string, unknown> = {}, embedding = bagOfWordsEmbed()) {
  const store = new MemoryCacheStore();
  const metrics = { hit: vi.fn(), miss: vi.fn(), lookup: vi.fn(), stored: vi.fn() } satisfies CacheMetrics;
  const warn = vi.fn();
  const logger: Logger = { debug: vi.fn(), info: vi.fn(), warn, error: vi.fn(), fatal: vi.fn() };
  let clock = 1_000_000_000;
  const settings = semanticCacheConfigSchema.parse({ provider: 'mock', embedding_model: 'bag-of-words', ...config });
  const plugin = createSemanticCachePlugin(settings, { store, embed: embedding.embed, metrics, logger, now: () => clock });
  let upstreamCalls = 0;

  /** One request through the plugin as the gateway runs it; a miss is answered by a fake provider. */
  async function send(request: ChatRequest, options: SendOptions = {}) {
    const context = createRequestContext({ headers: options.headers ?? {} });
    const pluginRequest: PluginRequest = { operation: options.stream ? 'chat-stream' : 'chat', request, context };
    const shortCircuit = await plugin.onRequest!(pluginRequest);
    if (shortCircuit && 'response' in shortCircuit) {
      const response = shortCircuit.response as ChatResponse;
      await plugin.onResponse!(pluginRequest, { response, usage: response.usage, shortCircuited: true });
      await plugin.flush();
      return { status: context.cacheStatus, similarity: context.cacheSimilarity, response, fromCache: true };
    }
    upstreamCalls++;
    context.provider = 'openai';
    context.model = 'gpt-4o';
    const reply = options.reply ?? answer(`answer to ${JSON.stringify(request.messages)}`);
    if (options.fail) {
      const error = errors.upstreamOverloaded('openai', 529, 'overloaded');
      await plugin.onResponse!(pluginRequest, options.stream ? { streamed: false, error, shortCircuited: false } : { error, shortCircuited: false });
    } else if (options.stream) {
      let delivered = 0;
      let cut = false;
      for await (const chunk of responseToStream(reply)) {
        if (options.cutAfter !== undefined && delivered >= options.cutAfter) {
          cut = true;
          break;
        }
        plugin.onStreamChunk!(pluginRequest, chunk);
        delivered++;
      }
      await plugin.onResponse!(pluginRequest, { streamed: !cut, usage: cut ? undefined : reply.usage, shortCircuited: false });
    } else {
      await plugin.onResponse!(pluginRequest, { response: reply, usage: reply.usage, shortCircuited: false });
    }
    await plugin.flush();
    return { status: context.cacheStatus, similarity: context.cacheSimilarity, response: reply, fromCache: false };
  }

  return {
    plugin,
    store,
    metrics,
    warn,
    embedCalls: embedding.calls,
    send,
    upstreamCalls: () => upstreamCalls,
    advance: (ms: number) => (clock += ms),
  };
}
