import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { loadConfigFile } from './load-config-file.js';

const directory = mkdtempSync(join(tmpdir(), 'switchyard-config-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const path = join(directory, name);
  writeFileSync(path, text);
  return path;
}

function errorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfigFile', () => {
  it('reads, resolves and validates a config file', () => {
    const path = write('good.json', JSON.stringify({ providers: { openai: { keys: [{ value: 'env.KEY' }] } } }));
    const { config, warnings } = loadConfigFile(path, { KEY: 'sk-file' });
    expect(config.providers.openai.keys[0].value).toBe('sk-file');
    expect(warnings).toEqual([]);
  });

  it('rejects a file that is not valid JSON, naming the file', () => {
    const path = write('bad.json', '{ "providers": { ');
    const error = errorOf(() => loadConfigFile(path, {}));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(/^not valid JSON: /);
    expect(error.message.startsWith(`${path} is invalid:`)).toBe(true);
  });

  it('rejects a missing file, naming the file', () => {
    const path = join(directory, 'missing.json');
    const error = errorOf(() => loadConfigFile(path, {}));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(new RegExp(`^cannot read ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .*ENOENT`));
  });

  it('names the file in validation problems', () => {
    const path = write('wrong-type.json', JSON.stringify({ providers: { openai: { keys: [{ value: 'k', weight: 'high' }] } } }));
    const error = errorOf(() => loadConfigFile(path, {}));
    expect(error.message).toBe(`${path} is invalid:\n  - providers.openai.keys[0].weight: expected a number, got "high"`);
  });
});
