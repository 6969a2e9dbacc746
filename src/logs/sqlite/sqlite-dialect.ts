import type { Database } from 'better-sqlite3';
import { escapeLike, type SqlDialect } from '../sql-filter.js';

/** The shortest search the trigram index can answer; shorter ones scan with LIKE. */
const trigramLength = 3;

/** The SQL function that checks a trigram candidate: `content_contains(request, response, lowercase needle)`. */
const containsFunction = 'switchyard_content_contains';

/**
 * An FTS5 query for the rows holding every trigram of `text`: quoted strings joined by AND,
 * inner quotes doubled, so no character is query syntax. The index keeps no positions
 * (detail=none), so it finds candidates; `containsFunction` confirms them.
 */
export function trigramQuery(text: string): string {
  const characters = [...text];
  const trigrams = new Set<string>();
  for (let i = 0; i + trigramLength <= characters.length; i++) trigrams.add(characters.slice(i, i + trigramLength).join(''));
  return [...trigrams].map((trigram) => `"${trigram.replaceAll('"', '""')}"`).join(' AND ');
}

/** Registers the functions `sqliteDialect`'s SQL calls on a connection. */
export function registerSqliteSearchFunctions(db: Database): void {
  db.function(containsFunction, { deterministic: true }, (request: unknown, response: unknown, needle: unknown) => {
    const text = needle as string;
    return (typeof request === 'string' && request.toLowerCase().includes(text)) || (typeof response === 'string' && response.toLowerCase().includes(text)) ? 1 : 0;
  });
}

/**
 * SQLite's placeholders and content search. Searches of 3 or more characters use the
 * `logs_content_search` trigram index, then compare lowercase text (Unicode case-insensitive);
 * shorter ones scan with `LIKE`, which SQLite compares case-insensitively for ASCII only.
 */
export const sqliteDialect: SqlDialect = {
  placeholder: () => '?',
  search(text, param) {
    if ([...text].length >= trigramLength) {
      const candidates = `id IN (SELECT rowid FROM logs_content_search WHERE logs_content_search MATCH ${param(trigramQuery(text))})`;
      return `(${candidates} AND ${containsFunction}(request_content, response_content, ${param(text.toLowerCase())}))`;
    }
    const pattern = `%${escapeLike(text)}%`;
    return `(request_content LIKE ${param(pattern)} ESCAPE '\\' OR response_content LIKE ${param(pattern)} ESCAPE '\\')`;
  },
};
