import { buildConnector, Client, Dispatcher, errors as undiciErrors } from 'undici';

/**
 * The connections to one origin, handed out in constant time. Idle connections
 * wait on a stack, most recently used on top, so a request takes a warm one and
 * surplus connections go idle at the bottom until their keep-alive ends and they
 * leave the pool. undici's own Pool scans every connection on every request,
 * which is linear in the connections open: with thousands of slow LLM requests
 * in flight that scan becomes a large share of the gateway's CPU.
 */
export class FreeListPool extends Dispatcher {
  readonly #origin: string;
  readonly #options: Client.Options;
  readonly #idle: Client[] = [];
  readonly #clients = new Set<Client>();
  #closed = false;

  constructor(origin: string, options: Client.Options = {}) {
    super();
    this.#origin = origin;
    // One connector for the pool, so TLS sessions are shared by its connections.
    const connect = typeof options.connect === 'function' ? options.connect : buildConnector({ ...(options.connect ?? {}) } as buildConnector.BuildOptions);
    this.#options = { ...options, connect };
  }

  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    if (this.#closed) throw new undiciErrors.ClientDestroyedError();
    const client = this.#idle.pop() ?? this.#open();
    // A client that can take more (pipelining) stays available; otherwise it comes back on 'drain'.
    if (client.dispatch(options, handler)) this.#idle.push(client);
    return true;
  }

  override close(): Promise<void>;
  override close(callback: () => void): void;
  override close(callback?: () => void): Promise<void> | void {
    this.#closed = true;
    const done = Promise.all([...this.#clients].map((client) => client.close())).then(() => undefined);
    if (!callback) return done;
    done.then(callback, callback);
  }

  override destroy(): Promise<void>;
  override destroy(error: Error | null): Promise<void>;
  override destroy(callback: () => void): void;
  override destroy(error: Error | null, callback: () => void): void;
  override destroy(first?: Error | null | (() => void), second?: () => void): Promise<void> | void {
    this.#closed = true;
    const error = typeof first === 'function' ? null : (first ?? null);
    const callback = typeof first === 'function' ? first : second;
    const done = Promise.all([...this.#clients].map((client) => client.destroy(error))).then(() => undefined);
    if (!callback) return done;
    done.then(callback, callback);
  }

  #open(): Client {
    const client = new Client(this.#origin, this.#options);
    this.#clients.add(client);
    client.on('drain', () => {
      if (!this.#closed) this.#idle.push(client);
    });
    client.on('disconnect', () => {
      // An idle connection that closed (keep-alive over, peer gone) leaves the pool;
      // a busy one is reconnected by its client when it is next used.
      const index = this.#idle.lastIndexOf(client);
      if (index === -1) return;
      this.#idle.splice(index, 1);
      this.#clients.delete(client);
      client.close().catch(() => undefined);
    });
    return client;
  }
}
