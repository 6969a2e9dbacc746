import type { StreamChunk } from '../api/index.js';
import { errors, isGatewayError } from '../errors/index.js';
import type { Logger } from '../logging/logger.js';
import type { Plugin, PluginRequest, ResponseOutcome, ShortCircuit } from './contract.js';

/** The result of the `onRequest` phase. */
export interface RequestPhase {
  /** Plugins whose `onRequest` ran (or that have none), in order; `onResponse` runs for these. */
  ran: readonly Plugin[];
  shortCircuit?: ShortCircuit;
}

/** Runs plugin hooks in the documented order and keeps a failing plugin from taking the request down. */
export class PluginHost {
  readonly plugins: readonly Plugin[];
  readonly #logger: Logger;
  readonly #failures = new Map<string, number>();
  readonly #chunkPlugins: readonly Plugin[];

  constructor(plugins: readonly Plugin[], logger: Logger) {
    const names = new Set<string>();
    for (const plugin of plugins) {
      if (names.has(plugin.name)) throw new Error(`Two plugins are named '${plugin.name}'; plugin names must be unique`);
      names.add(plugin.name);
    }
    this.plugins = plugins;
    this.#logger = logger;
    this.#chunkPlugins = plugins.filter((plugin) => plugin.onStreamChunk);
  }

  /** Whether any plugin transforms stream chunks. */
  get transformsChunks(): boolean {
    return this.#chunkPlugins.length > 0;
  }

  /** Hook failures per plugin name since start. */
  failures(): ReadonlyMap<string, number> {
    return this.#failures;
  }

  async runRequest(request: PluginRequest): Promise<RequestPhase> {
    const ran: Plugin[] = [];
    for (const plugin of this.plugins) {
      ran.push(plugin);
      if (!plugin.onRequest) continue;
      let result: ShortCircuit | undefined | void;
      try {
        result = await plugin.onRequest(request);
      } catch (error) {
        const rejection = this.#failed(plugin, 'onRequest', error);
        if (rejection) {
          await this.runResponse(request, ran.slice(0, -1), { error: rejection, shortCircuited: false });
          throw rejection;
        }
        continue;
      }
      if (result) return { ran, shortCircuit: result };
    }
    return { ran };
  }

  async runResponse(request: PluginRequest, ran: readonly Plugin[], outcome: ResponseOutcome): Promise<void> {
    for (let i = ran.length - 1; i >= 0; i--) {
      const plugin = ran[i];
      if (!plugin.onResponse) continue;
      try {
        await plugin.onResponse(request, outcome);
      } catch (error) {
        this.#failed(plugin, 'onResponse', error, true);
      }
    }
  }

  /** Passes a chunk through every `onStreamChunk`; `null` means the chunk is dropped. */
  transformChunk(request: PluginRequest, ran: readonly Plugin[], chunk: StreamChunk): StreamChunk | null {
    let current: StreamChunk | null = chunk;
    for (const plugin of this.#chunkPlugins) {
      if (!ran.includes(plugin)) continue;
      try {
        const result: StreamChunk | null | undefined | void = plugin.onStreamChunk!(request, current);
        if (result === null) return null;
        if (result !== undefined) current = result;
      } catch (error) {
        this.#failed(plugin, 'onStreamChunk', error, true);
      }
    }
    return current;
  }

  async close(): Promise<void> {
    for (const plugin of [...this.plugins].reverse()) {
      try {
        await plugin.close?.();
      } catch (error) {
        this.#failed(plugin, 'close', error, true);
      }
    }
  }

  /** Logs and counts a hook failure; returns the error to reject the request with, if any. */
  #failed(plugin: Plugin, hook: string, error: unknown, neverReject = false) {
    if (!neverReject && isGatewayError(error)) return error;
    this.#failures.set(plugin.name, (this.#failures.get(plugin.name) ?? 0) + 1);
    this.#logger.error({ plugin: plugin.name, hook, err: error }, 'plugin hook failed');
    if (!neverReject && plugin.failClosed) return errors.pluginRejected(plugin.name, error instanceof Error ? error.message : String(error));
    return undefined;
  }
}
