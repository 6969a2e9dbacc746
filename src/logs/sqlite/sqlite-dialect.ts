import type { Database } from 'better-sqlite3';
import type { LogFilter } from '../log-query.js';
import type { SqlDialect } from '../sql-filter.js';

/** The shortest search the trigram index can answer; shorter ones scan. */
const trigramLength = 3;

/** The SQL function that checks content: `switchyard_content_contains(request, response, lowercase needle)`. */
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
 * SQLite's placeholders and content search over `log_contents` (Unicode case-insensitive:
 * both sides lowercased in JavaScript). Without the search index, the condition is checked
 * per `logs` row that the other filters leave; with it (`contentSearchIndex`), searches of 3 or
 * more characters take their candidates from the trigram index first, limited to the ids of
 * `timeRange` when there is one (ids grow with time), so a common word in the last hour does
 * not collect its matches over the whole table.
 */
export function sqliteDialect(contentSearchIndex: boolean, timeRange: Pick<LogFilter, 'from' | 'to'> = {}): SqlDialect {
  return {
    placeholder: () => '?',
    search(text, param) {
      const needle = text.toLowerCase();
      if (contentSearchIndex && [...text].length >= trigramLength) {
        // Parameters are added in the order their placeholders appear.
        let sql = `id IN (SELECT c.id FROM log_contents_search s JOIN log_contents c ON c.id = s.rowid WHERE log_contents_search MATCH ${param(trigramQuery(text))}`;
        const { from, to } = timeRange;
        if (from !== undefined || to !== undefined) {
          const bound = (aggregate: 'min' | 'max') => {
            const range = [...(from === undefined ? [] : [`timestamp >= ${param(from)}`]), ...(to === undefined ? [] : [`timestamp <= ${param(to)}`])];
            return `(SELECT ${aggregate}(id) FROM logs WHERE ${range.join(' AND ')})`;
          };
          sql += ` AND s.rowid >= ${bound('min')}`;
          sql += ` AND s.rowid <= ${bound('max')}`;
        }
        return `${sql} AND ${containsFunction}(c.request_content, c.response_content, ${param(needle)}))`;
      }
      return `EXISTS (SELECT 1 FROM log_contents c WHERE c.id = logs.id AND ${containsFunction}(c.request_content, c.response_content, ${param(needle)}))`;
    },
  };
}
