import type { ResponsesEvent, StreamChunk, Usage } from '../api/index.js';
import { Pricer } from '../pricing/pricer.js';
import { toChatUsage, usageOfAnswer } from '../pricing/usage-of-answer.js';
import type { PriceOverride } from '../pricing/model-price.js';
import { addUsage } from './add-usage.js';
import type { ProviderRuntime } from './provider-runtime.js';
import type { RequestContext } from './request-context.js';

/** The usage of a chat or text-completion stream item: its `usage` chunk. */
export const usageOfChunk = (chunk: StreamChunk): Usage | undefined => (chunk.type === 'usage' ? chunk.usage : undefined);

/** The usage of a Responses API event: that of `response.completed`, in chat terms. */
export const usageOfResponsesEvent = (event: ResponsesEvent): Usage | undefined => {
  if (event.type !== 'response.completed') return undefined;
  const usage = (event.response as { usage?: unknown } | undefined)?.usage;
  return typeof usage === 'object' && usage !== null ? toChatUsage(usage as Record<string, unknown>) : undefined;
};

/**
 * Records what answers used and cost in their request's context (`usage`,
 * `costUsd`), priced for the provider and model that served them.
 */
export class UsageRecorder {
  readonly #pricer: Pricer;
  readonly #runtimes: () => ReadonlyMap<string, ProviderRuntime> | undefined;

  constructor(pricing: Readonly<Record<string, PriceOverride>> | undefined, runtimes: () => ReadonlyMap<string, ProviderRuntime> | undefined) {
    this.#pricer = new Pricer(pricing);
    this.#runtimes = runtimes;
  }

  /** Records an upstream answer's usage and cost; returns the answer. */
  answer<T>(context: RequestContext, answer: T): T {
    const usage = usageOfAnswer(answer);
    if (usage !== undefined) this.usage(context, usage);
    return answer;
  }

  /**
   * Adds an answer's usage to the context's, and its cost to `context.costUsd`.
   * Added, not set: a multi-prompt text completion is answered by one chat call per
   * prompt, all on one context.
   */
  usage(context: RequestContext, usage: Usage): void {
    context.usage = context.usage === undefined ? usage : addUsage(context.usage, usage);
    const runtime = context.provider === undefined ? undefined : this.#runtimes()?.get(context.provider);
    if (runtime === undefined || context.model === undefined) return;
    const cost = this.#pricer.cost(runtime.name, runtime.adapter.id, context.model, usage);
    if (cost !== undefined) context.costUsd = (context.costUsd ?? 0) + cost;
  }

  /**
   * Relays a text-completion or Responses stream, recording the usage of its last usage
   * item when the stream ends, unless a chat stream under it recorded usage already
   * (a provider without the native API answers through `chatStream`).
   */
  async *relay<Item>(context: RequestContext, stream: AsyncGenerator<Item, void, undefined>, usageOf: (item: Item) => Usage | undefined): AsyncGenerator<Item, void, undefined> {
    let usage: Usage | undefined;
    try {
      for await (const item of stream) {
        usage = usageOf(item) ?? usage;
        yield item;
      }
    } finally {
      if (usage !== undefined && context.usage === undefined) this.usage(context, usage);
    }
  }
}
