import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** How to start `sqlite-worker`: a file, or (from source) a small script that loads it through tsx. */
export type SqliteWorkerScript = { kind: 'file'; url: URL } | { kind: 'eval'; code: string };

/**
 * The compiled `sqlite-worker.js` next to this file (running from `dist/`), or, when running
 * from source (vitest, tsx), a script that registers tsx (a development dependency) in the
 * worker and imports `sqlite-worker.ts`. `--import tsx` in a worker's execArgv does not
 * reach the worker's own entry module on Node 20, hence `register()` from inside.
 */
export function sqliteWorkerScript(): SqliteWorkerScript {
  const compiled = new URL('./sqlite-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(compiled))) return { kind: 'file', url: compiled };
  const source = new URL('./sqlite-worker.ts', import.meta.url);
  const code = `import(${JSON.stringify(tsxEsmApi().href)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(source.href)}); });`;
  return { kind: 'eval', code };
}

/** tsx's ESM API module (`tsx/esm/api`, import condition), found through tsx's package.json. */
function tsxEsmApi(): URL {
  const manifestPath = createRequire(import.meta.url).resolve('tsx/package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { exports: { './esm/api': { import: { default: string } } } };
  return new URL(manifest.exports['./esm/api'].import.default, pathToFileURL(manifestPath));
}
