import type { Database } from 'better-sqlite3';

/** The schema version this code writes; kept in SQLite's `user_version`. */
export const sqliteSchemaVersion = 3;

/**
 * The tables of the current version (3: version 2's, plus `team` and `customer`). `logs` holds
 * the narrow columns; request and response bodies live in `log_contents` under the same id (a
 * row only when there is content), so scans and sorts of `logs` stay cheap. Only append-like indexes: every index on a random-valued column (latency,
 * tokens, cost, a random request id) makes each insert touch a random B-tree page, which made
 * inserts 3 to 10 times slower. Sorts by latency, tokens or cost scan the narrow table instead.
 */
const currentTables = `
CREATE TABLE IF NOT EXISTS logs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  timestamp INTEGER NOT NULL, -- epoch milliseconds
  request_id TEXT,
  method TEXT,
  route TEXT,
  operation TEXT,
  provider TEXT,
  model TEXT,
  key_name TEXT,
  virtual_key TEXT,
  team TEXT,
  customer TEXT,
  status INTEGER,
  error_code TEXT,
  error_message TEXT,
  latency_ms REAL,
  ttft_ms REAL,
  upstream_ms REAL,
  prompt_tokens INTEGER,
  completion_tokens INTEGER,
  total_tokens INTEGER,
  cost_usd REAL,
  cache_status TEXT,
  attempts INTEGER,
  fallback_index INTEGER,
  stream INTEGER
);
CREATE TABLE IF NOT EXISTS log_contents (
  id INTEGER PRIMARY KEY, -- the id of the logs row
  request_content TEXT,
  response_content TEXT
);
`;

const currentIndexes = `
CREATE INDEX IF NOT EXISTS logs_timestamp ON logs (timestamp);
CREATE INDEX IF NOT EXISTS logs_provider_timestamp ON logs (provider, timestamp);
CREATE INDEX IF NOT EXISTS logs_model_timestamp ON logs (model, timestamp);
CREATE INDEX IF NOT EXISTS logs_request_id ON logs (request_id); -- append-like with time-ordered ids (UUIDv7)
CREATE INDEX IF NOT EXISTS logs_errors ON logs (error_code, timestamp) WHERE error_code IS NOT NULL;
CREATE TRIGGER IF NOT EXISTS logs_delete_contents AFTER DELETE ON logs BEGIN
  DELETE FROM log_contents WHERE id = old.id;
END;
`;

/**
 * Version 1 (never released) kept content in `logs`, ten indexes and an always-on FTS index:
 * move the content out, drop what version 2 does not keep. `DROP COLUMN` rewrites the table.
 */
const fromVersion1 = `
DROP TRIGGER IF EXISTS logs_content_search_insert;
DROP TRIGGER IF EXISTS logs_content_search_delete;
DROP TRIGGER IF EXISTS logs_content_search_update;
DROP TABLE IF EXISTS logs_content_search;
DROP INDEX IF EXISTS logs_status;
DROP INDEX IF EXISTS logs_error_code;
DROP INDEX IF EXISTS logs_latency;
DROP INDEX IF EXISTS logs_stats;
DROP INDEX IF EXISTS logs_total_tokens;
DROP INDEX IF EXISTS logs_cost;
CREATE TABLE log_contents (id INTEGER PRIMARY KEY, request_content TEXT, response_content TEXT);
INSERT INTO log_contents (id, request_content, response_content)
  SELECT id, request_content, response_content FROM logs WHERE request_content IS NOT NULL OR response_content IS NOT NULL;
ALTER TABLE logs DROP COLUMN request_content;
ALTER TABLE logs DROP COLUMN response_content;
`;

/**
 * Version 2 to 3: the governance team and customer of the request's virtual key. Added at the
 * end of the table (no rewrite) and without indexes, so that inserts stay as cheap as before.
 */
const fromVersion2 = `
ALTER TABLE logs ADD COLUMN team TEXT;
ALTER TABLE logs ADD COLUMN customer TEXT;
`;

/**
 * The optional content-search index: FTS5 trigrams over `log_contents`, without a second copy
 * of the text. detail=none keeps only which rows hold each trigram (no positions): candidates
 * are checked against the text itself (see sqlite-dialect.ts). It makes every insert with
 * content several times dearer, hence off unless asked for.
 */
const searchIndex = `
CREATE VIRTUAL TABLE log_contents_search USING fts5(
  request_content, response_content,
  content = 'log_contents', content_rowid = 'id', tokenize = 'trigram', detail = 'none'
);
CREATE TRIGGER log_contents_search_insert AFTER INSERT ON log_contents BEGIN
  INSERT INTO log_contents_search (rowid, request_content, response_content)
  VALUES (new.id, new.request_content, new.response_content);
END;
CREATE TRIGGER log_contents_search_delete AFTER DELETE ON log_contents BEGIN
  INSERT INTO log_contents_search (log_contents_search, rowid, request_content, response_content)
  VALUES ('delete', old.id, old.request_content, old.response_content);
END;
CREATE TRIGGER log_contents_search_update AFTER UPDATE ON log_contents BEGIN
  INSERT INTO log_contents_search (log_contents_search, rowid, request_content, response_content)
  VALUES ('delete', old.id, old.request_content, old.response_content);
  INSERT INTO log_contents_search (rowid, request_content, response_content)
  VALUES (new.id, new.request_content, new.response_content);
END;
INSERT INTO log_contents_search (log_contents_search) VALUES ('rebuild');
`;

const dropSearchIndex = `
DROP TRIGGER IF EXISTS log_contents_search_insert;
DROP TRIGGER IF EXISTS log_contents_search_delete;
DROP TRIGGER IF EXISTS log_contents_search_update;
DROP TABLE IF EXISTS log_contents_search;
`;

/**
 * Sets the connection's pragmas, brings the schema to `sqliteSchemaVersion`, and creates or
 * drops the content-search index to match `contentSearchIndex` (creating it indexes the content
 * already stored). A database written by a newer version is refused rather than misread.
 */
export function prepareSqliteDatabase(db: Database, contentSearchIndex = false): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // Short, so that a locked database is reported at once instead of stalling the writer.
  db.pragma('busy_timeout = 100');
  db.pragma('temp_store = MEMORY');
  // 16 MiB of page cache: the gateway's whole process aims at 150 MB of memory.
  db.pragma('cache_size = -16384');
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > sqliteSchemaVersion) {
    throw new Error(`The log database has schema version ${current}; this Switchyard reads up to ${sqliteSchemaVersion}.`);
  }
  if (current === sqliteSchemaVersion && hasContentSearchIndex(db) === contentSearchIndex) return;
  db.transaction(() => {
    if (current === 1) db.exec(fromVersion1);
    if (current === 1 || current === 2) db.exec(fromVersion2);
    if (current < sqliteSchemaVersion) {
      db.exec(currentTables);
      db.exec(currentIndexes);
      db.pragma(`user_version = ${sqliteSchemaVersion}`);
    }
    if (contentSearchIndex && !hasContentSearchIndex(db)) db.exec(searchIndex);
    else if (!contentSearchIndex && hasContentSearchIndex(db)) db.exec(dropSearchIndex);
  }).immediate();
}

/** Whether the connection's database has the content-search index. */
export function hasContentSearchIndex(db: Database): boolean {
  return db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'log_contents_search'`).get() !== undefined;
}
