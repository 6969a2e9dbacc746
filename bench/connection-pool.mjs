// Keep-alive HTTP/1.1 connections for the open-loop generator, one request per connection at a
// time. undici's own Pool scans its client list for a free one on every request, which costs
// O(connections) per request: with ~5,000 connections in use (scenario e) that scan alone would
// saturate the load generator's core. Here a free connection is an O(1) pop from a stack.
import { Client } from 'undici';

/** At most `connections` undici Clients to `url`; requests beyond that wait, in order, for one. */
export class ConnectionPool {
  #url;
  #clientOptions;
  #maxConnections;
  #idle = [];
  #open = new Set();
  #queue = [];
  #queueHead = 0;
  #pumpScheduled = false;

  constructor(url, { connections, timeoutS }) {
    const timeoutMs = timeoutS * 1000;
    this.#url = url;
    this.#maxConnections = connections;
    this.#clientOptions = {
      pipelining: 1,
      keepAliveTimeout: 30_000,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      connect: { timeout: timeoutMs },
    };
  }

  /**
   * Sends one request and reads the whole body, then calls `done(error, statusCode, body, headers)`
   * with the body as text and undici's parsed headers. Uses undici's dispatch handler API rather than `request()`: no promise and
   * no body stream per request, which keeps the generator's own GC pauses out of the figures.
   */
  send(options, done) {
    this.#queue.push({ options, done });
    this.#pump();
  }

  /** Closes every connection. */
  async close() {
    await Promise.allSettled([...this.#open].map((client) => client.destroy()));
  }

  #pump() {
    while (this.#queueHead < this.#queue.length) {
      const client = this.#idle.pop() ?? this.#connect();
      if (!client) return;
      const job = this.#queue[this.#queueHead];
      this.#queue[this.#queueHead++] = undefined;
      if (this.#queueHead === this.#queue.length) {
        this.#queue.length = 0;
        this.#queueHead = 0;
      }
      this.#dispatch(client, job);
    }
  }

  #connect() {
    if (this.#open.size >= this.#maxConnections) return null;
    const client = new Client(this.#url, this.#clientOptions);
    this.#open.add(client);
    return client;
  }

  #dispatch(client, { options, done }) {
    let statusCode = 0;
    let headers = null;
    const chunks = [];
    const finish = (error, body) => {
      if (client.destroyed || client.closed) this.#open.delete(client);
      else this.#idle.push(client);
      done(error, statusCode, body, headers);
      this.#schedulePump();
    };
    client.dispatch(options, {
      onRequestStart() {},
      onResponseStart(controller, status, responseHeaders) {
        statusCode = status;
        headers = responseHeaders;
      },
      onResponseData(controller, chunk) {
        chunks.push(chunk);
      },
      onResponseEnd() {
        finish(null, Buffer.concat(chunks).toString('utf8'));
      },
      onResponseError(controller, error) {
        finish(error, null);
      },
    });
  }

  /** Serves waiting requests later, never from inside undici's callbacks (no re-entrancy). */
  #schedulePump() {
    if (this.#pumpScheduled || this.#queueHead === this.#queue.length) return;
    this.#pumpScheduled = true;
    setImmediate(() => {
      this.#pumpScheduled = false;
      this.#pump();
    });
  }
}
