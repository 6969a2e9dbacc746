// Times the PostgreSQL request-log store on 1,000,000 synthetic rows (issue 6):
//   npx tsx bench/logs-query-postgres.mjs [--rows 1000000] [--url postgres://postgres@127.0.0.1:5432/test]
//     [--content-search-index] [--sort-indexes]
// Works in a scratch schema `sy_bench_<random>` that it drops at the end. Imports the store from src/
// when run through tsx, else from dist/.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { entry, queryCases } from './logs-query-rows.mjs';

const { values: flags } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    url: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/test' },
    batch: { type: 'string', default: '5000' },
    'content-search-index': { type: 'boolean', default: false },
    'sort-indexes': { type: 'boolean', default: false },
    repeat: { type: 'string', default: '5' },
  },
});

const dist = new URL('../dist/logs/postgres/postgres-log-store.js', import.meta.url);
const { openPostgresLogStore } = await import(
  process.execArgv.some((arg) => arg.includes('tsx')) || !existsSync(dist) ? '../src/logs/postgres/postgres-log-store.js' : dist.href
);

const rows = Number(flags.rows);

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
async function time(name, run) {
  const times = [];
  let result;
  for (let i = 0; i < Number(flags.repeat); i++) {
    const began = performance.now();
    result = await run();
    times.push(performance.now() - began);
  }
  return { name, first: times[0], median: median(times), result };
}

/** Fills a store, times the queries of GET /api/logs and /api/logs/stats; returns table rows. */
export async function benchPostgresLogStore() {
  const schema = `sy_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: flags.url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const cleanUp = async () => {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  };
  process.once('SIGINT', () => cleanUp().finally(() => process.exit(130)));
  const store = await openPostgresLogStore({ connection_string: flags.url, options: `-c search_path=${schema},public`, statement_timeout_ms: 120_000 }, { contentSearchIndex: flags['content-search-index'] });
  try {
    const report = [];
    const batch = Number(flags.batch);
    await store.insert([]);
    let began = performance.now();
    for (let i = 0; i < rows; i += batch) {
      await store.insert(Array.from({ length: Math.min(batch, rows - i) }, (_, j) => entry(i + j, rows)));
      if ((i / batch) % 40 === 0) process.stderr.write(`\r${i} rows`);
    }
    const fillSeconds = (performance.now() - began) / 1000;
    process.stderr.write(`\r${rows} rows in ${fillSeconds.toFixed(1)} s\n`);
    report.push({ name: `insert ${rows} rows, batches of ${batch} ${flags['content-search-index'] ? 'with' : 'without'} the trigram indexes, entries built in the loop`, rowsPerSecond: Math.round(rows / fillSeconds) });

    began = performance.now();
    await admin.query(`VACUUM ANALYZE ${schema}.logs`);
    report.push({ name: 'VACUUM ANALYZE (autovacuum does this in production)', ms: performance.now() - began });

    const cases = queryCases(store);
    for (const [name, run] of cases) {
      const { first, median: ms, result } = await time(name, run);
      report.push({ name, first, ms, matched: result.total ?? result.requests });
      process.stderr.write(`${name}: ${ms.toFixed(1)} ms\n`);
    }

    // Insert cost at the log writer's default batch (500) and at 5000, entries built beforehand so
    // that only the store is timed.
    let offset = rows;
    const insertRate = async (label) => {
      const sample = Math.min(50_000, rows);
      for (const size of [500, 5000]) {
        const entries = Array.from({ length: sample }, (_, i) => entry(offset + i, rows));
        offset += sample;
        began = performance.now();
        for (let i = 0; i < sample; i += size) await store.insert(entries.slice(i, i + size));
        const seconds = (performance.now() - began) / 1000;
        report.push({ name: `insert ${sample} prepared rows in batches of ${size}, ${label} (${((seconds * 1e6) / sample).toFixed(1)} µs/row)`, rowsPerSecond: Math.round(sample / seconds) });
      }
    };
    await insertRate("with the store's indexes");
    if (flags['sort-indexes']) {
      // What indexes on latency, tokens and cost (which the store does not keep) would cost the writer and win the sorts.
      for (const column of ['latency_ms', 'total_tokens', 'cost_usd']) await admin.query(`CREATE INDEX ON ${schema}.logs (${column} NULLS FIRST, id)`);
      await admin.query(`ANALYZE ${schema}.logs`);
      await insertRate('with latency/tokens/cost indexes added');
      for (const [name, run] of cases.filter(([name]) => / first \(/.test(name))) {
        const { first, median: ms, result } = await time(name, run);
        report.push({ name: `${name}, with its index`, first, ms, matched: result.total });
      }
    }
    const size = await admin.query(`SELECT pg_size_pretty(pg_total_relation_size('${schema}.logs')) AS total, pg_size_pretty(pg_relation_size('${schema}.logs')) AS heap`);
    report.push({ name: `table size: ${size.rows[0].total} (heap ${size.rows[0].heap})` });
    return report;
  } finally {
    await store.close();
    await cleanUp();
  }
}

const format = (row) =>
  `| ${row.name} | ${row.ms === undefined ? '' : row.ms.toFixed(1)} | ${row.first === undefined ? '' : row.first.toFixed(1)} | ${row.matched ?? ''} | ${row.rowsPerSecond ?? ''} |`;
const report = await benchPostgresLogStore();
console.log(`\nPostgreSQL log store, ${rows} rows, ${flags['content-search-index'] ? 'with' : 'without'} the trigram content-search indexes (median of ${flags.repeat} runs)\n`);
console.log('| case | median ms | first ms | matched | rows/s |\n|---|---|---|---|---|');
for (const row of report) console.log(format(row));
