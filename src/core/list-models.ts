import type { CancelSignal, ModelInfo } from '../api/index.js';
import type { Logger } from '../logging/logger.js';
import type { UpstreamClient } from '../http/upstream-client.js';
import type { ProviderRuntime } from './provider-runtime.js';

const cacheTtlMs = 5 * 60_000;

/**
 * Lists `provider/model` ids: the models keys list by name, and, for providers
 * with a key that serves every model, the models the provider itself lists
 * (asked at most every 5 minutes; a provider that cannot be asked is logged and skipped).
 */
export class ModelLister {
  readonly #cache = new Map<string, { at: number; models: Promise<string[]> }>();
  readonly #http: UpstreamClient;
  readonly #logger: Logger;
  readonly #created = Math.floor(Date.now() / 1000);

  constructor(http: UpstreamClient, logger: Logger) {
    this.#http = http;
    this.#logger = logger;
  }

  async list(runtimes: Iterable<ProviderRuntime>, signal?: CancelSignal): Promise<ModelInfo[]> {
    const lists = await Promise.all([...runtimes].map((runtime) => this.#forProvider(runtime, signal)));
    return lists.flat().sort((a, b) => a.id.localeCompare(b.id));
  }

  async #forProvider(runtime: ProviderRuntime, signal?: CancelSignal): Promise<ModelInfo[]> {
    const keys = await runtime.keys();
    const models = new Set<string>();
    for (const key of keys) for (const model of key.models) if (model !== '*') models.add(model);
    const open = keys.find((key) => key.models.length === 0 || key.models.includes('*'));
    if (open && runtime.adapter.listModels) {
      let entry = this.#cache.get(runtime.name);
      if (!entry || Date.now() - entry.at > cacheTtlMs) {
        const listModels = runtime.adapter.listModels.bind(runtime.adapter);
        entry = { at: Date.now(), models: listModels({ key: open, settings: runtime.settings, http: this.#http, signal }) };
        this.#cache.set(runtime.name, entry);
      }
      try {
        for (const model of await entry.models) models.add(model);
      } catch (error) {
        this.#cache.delete(runtime.name);
        this.#logger.warn({ provider: runtime.name, err: error }, 'could not list the provider\'s models; listing configured models only');
      }
    }
    return [...models].map((model) => ({ id: `${runtime.name}/${model}`, object: 'model', created: this.#created, owned_by: runtime.name }));
  }
}
