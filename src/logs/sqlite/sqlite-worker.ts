import { parentPort, workerData } from 'node:worker_threads';
import { pruneChunkRows, SqliteLogDatabase } from './sqlite-log-database.js';
import { serializeError, type SqliteWorkerData, type SqliteWorkerReply, type SqliteWorkerRequest } from './sqlite-worker-protocol.js';

// The thread that owns the log database, so that better-sqlite3's synchronous calls never
// block the gateway's event loop. Requests run one at a time, in arrival order.

const { path, contentSearchIndex } = workerData as SqliteWorkerData;
const port = parentPort!;

/** Codes after which the connection is closed and opened again on the next request (file gone, disk error, ...). */
const reopenCodes = /^SQLITE_(IOERR|CANTOPEN|NOTADB|CORRUPT|READONLY_DBMOVED|FULL)/;

let database: SqliteLogDatabase | undefined;
let closed = false;

function open(): SqliteLogDatabase {
  if (closed) throw new Error('The log database is closed.');
  database ??= new SqliteLogDatabase(path, { contentSearchIndex });
  return database;
}

async function run(request: SqliteWorkerRequest): Promise<unknown> {
  switch (request.op) {
    case 'insert':
      return open().insertRows(request.rows);
    case 'query':
      return open().query(request.query);
    case 'stats':
      return open().stats(request.filter);
    case 'prune': {
      // Chunk by chunk, yielding between chunks so queries that arrive meanwhile are not held up.
      let deleted = 0;
      for (;;) {
        const changes = open().pruneChunk(request.beforeMs);
        deleted += changes;
        if (changes < pruneChunkRows) return deleted;
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    case 'close':
      closed = true;
      database?.close();
      database = undefined;
      return undefined;
  }
}

function reply(message: SqliteWorkerReply): void {
  port.postMessage(message);
}

async function handle(request: SqliteWorkerRequest): Promise<void> {
  try {
    reply({ id: request.id, ok: true, value: await run(request) });
  } catch (error) {
    const serialized = serializeError(error);
    if (serialized.code !== undefined && reopenCodes.test(serialized.code)) {
      try {
        database?.close();
      } catch {
        // The connection is being dropped anyway.
      }
      database = undefined;
    }
    reply({ id: request.id, ok: false, error: serialized });
  }
}

// Every operation but prune is synchronous, so requests run whole and in arrival order;
// a prune lets the requests that arrive meanwhile run between its chunks.
port.on('message', (request: SqliteWorkerRequest) => void handle(request));

try {
  open();
  reply({ id: 0, ok: true, value: 'ready' });
} catch (error) {
  reply({ id: 0, ok: false, error: serializeError(error) });
}
