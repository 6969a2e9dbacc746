import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type CliProcess, runCli } from './run-cli.js';

const running: CliProcess[] = [];
const servers: Server[] = [];

function start(args: string[], env: Record<string, string | undefined> = {}): CliProcess {
  const cli = runCli(args, env);
  running.push(cli);
  return cli;
}

function writeConfig(config: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-cli-'));
  const path = join(dir, 'config.json');
  writeFileSync(path, typeof config === 'string' ? config : JSON.stringify(config));
  return path;
}

const chatBody = JSON.stringify({ model: 'mock/echo', messages: [{ role: 'user', content: 'hello from the cli test' }] });

afterEach(async () => {
  for (const cli of running.splice(0)) {
    if (cli.child.exitCode === null) cli.child.kill('SIGKILL');
  }
  for (const server of servers.splice(0)) server.close();
});

describe('switchyard CLI', () => {
  it('documents every flag in --help and exits 0', async () => {
    const cli = start(['--help']);
    expect((await cli.exited).code).toBe(0);
    for (const flag of ['--config', '--port', '--host', '--log-level', '--log-style', '--app-dir', '--help', '--version']) expect(cli.stdout()).toContain(flag);
  });

  it('rejects an unknown flag with exit code 2 and the usage', async () => {
    const cli = start(['--nope']);
    expect((await cli.exited).code).toBe(2);
    expect(cli.stderr()).toContain('Usage: switchyard');
  });

  it('serves the built-in mock provider with no config file and no keys', async () => {
    const cli = start(['--port', '0']);
    const url = await cli.listening;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: chatBody });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { choices: { message: { content: string } }[] };
    expect(body.choices[0].message.content).toBe('hello from the cli test');
  });

  it('takes the port, host and config file from PORT, HOST and SWITCHYARD_CONFIG', async () => {
    const config = writeConfig({ providers: { mock: { keys: [{ name: 'm', value: '', models: ['from-env-config'] }] } } });
    const cli = start([], { PORT: '0', HOST: '127.0.0.1', SWITCHYARD_CONFIG: config });
    const url = await cli.listening;
    const models = (await (await fetch(`${url}/v1/models`)).json()) as { data: { id: string }[] };
    expect(models.data.map((model) => model.id)).toEqual(['mock/from-env-config']);
  });

  it('fails to start with exit code 1 naming an unset env variable and the path that refers to it', async () => {
    const config = writeConfig({ providers: { openai: { keys: [{ value: 'env.SWITCHYARD_TEST_UNSET_KEY', models: [] }] } } });
    const cli = start(['--config', config, '--port', '0']);
    expect((await cli.exited).code).toBe(1);
    expect(cli.stderr()).toContain('SWITCHYARD_TEST_UNSET_KEY');
    expect(cli.stderr()).toContain('providers.openai.keys[0].value');
  });

  it('fails to start on a config value of the wrong type, naming the path and what was expected', async () => {
    const config = writeConfig({ providers: { openai: { keys: [{ value: 'sk-x', weight: 'high' }] } } });
    const cli = start(['--config', config, '--port', '0']);
    expect((await cli.exited).code).toBe(1);
    expect(cli.stderr()).toContain('providers.openai.keys[0].weight: expected a number, got "high"');
  });

  it('fails to start on a config file that is not JSON', async () => {
    const cli = start(['--config', writeConfig('{ not json'), '--port', '0']);
    expect((await cli.exited).code).toBe(1);
    expect(cli.stderr()).toMatch(/config\.json is invalid/);
  });

  it('accepts the legacy flat config form with a capitalized provider name', async () => {
    const config = writeConfig({ Mock: { keys: [{ value: '', models: ['legacy-model'] }] } });
    const cli = start(['--config', config, '--port', '0']);
    const url = await cli.listening;
    const models = (await (await fetch(`${url}/v1/models`)).json()) as { data: { id: string }[] };
    expect(models.data.map((model) => model.id)).toEqual(['mock/legacy-model']);
  });

  it('writes its log as JSON lines by default and as readable lines with --log-style pretty', async () => {
    const config = writeConfig({ providers: { mock: { keys: [], network_confg: {} } } });
    const json = start(['--config', config, '--port', '0']);
    await json.listening;
    const line = json.stderr().split('\n').find((text) => text.includes('network_confg'))!;
    expect(JSON.parse(line)).toMatchObject({ level: 40, service: 'switchyard' });

    const pretty = start(['--config', config, '--port', '0', '--log-style', 'pretty']);
    await pretty.listening;
    const readable = pretty.stderr().split('\n').find((text) => text.includes('network_confg'))!;
    expect(readable).toMatch(/WARN/);
    expect(() => JSON.parse(readable)).toThrow();
  });

  it('rejects an unknown log style with exit code 2', async () => {
    const cli = start(['--log-style', 'fancy']);
    expect((await cli.exited).code).toBe(2);
    expect(cli.stderr()).toContain('--log-style: expected json or pretty, got "fancy"');
  });

  it('warns about unknown config keys on stderr and still starts', async () => {
    const config = writeConfig({ providers: { mock: { keys: [], network_confg: {} } } });
    const cli = start(['--config', config, '--port', '0']);
    await cli.listening;
    expect(cli.stderr()).toContain('providers.mock.network_confg: unknown key');
  });

  it('on SIGTERM lets an in-flight request finish, then exits 0', async () => {
    let release: () => void = () => undefined;
    let arrived: () => void = () => undefined;
    const requestArrived = new Promise<void>((resolve) => (arrived = resolve));
    const upstream = createServer((req, res) => {
      req.resume();
      arrived();
      release = () => {
        const body = JSON.stringify({
          id: 'chatcmpl-1', object: 'chat.completion', created: 1, model: 'gpt-4o-mini',
          choices: [{ index: 0, message: { role: 'assistant', content: 'finished' }, finish_reason: 'stop' }],
        });
        res.writeHead(200, { 'content-type': 'application/json' }).end(body);
      };
    });
    servers.push(upstream);
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const { port } = upstream.address() as AddressInfo;
    const config = writeConfig({ providers: { openai: { keys: [{ value: 'sk-test' }], network_config: { base_url: `http://127.0.0.1:${port}` } } } });
    const cli = start(['--config', config, '--port', '0']);
    const url = await cli.listening;

    const pending = fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }),
    });
    await requestArrived;
    cli.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(cli.child.exitCode).toBeNull(); // still draining
    release();
    const response = await pending;
    expect(response.status).toBe(200);
    expect(((await response.json()) as { choices: { message: { content: string } }[] }).choices[0].message.content).toBe('finished');
    expect(await cli.exited).toEqual({ code: 0, signal: null });
  });

  it('logs requests to <app-dir>/logs.db and writes what is queued before exiting on SIGTERM', async () => {
    const appDir = mkdtempSync(join(tmpdir(), 'switchyard-app-'));
    const cli = start(['--port', '0', '--app-dir', appDir]);
    const url = await cli.listening;
    const answer = await fetch(`${url}/v1/chat/completions`, { method: 'POST', headers: { 'x-request-id': 'cli-logged-1' }, body: chatBody });
    expect(answer.status).toBe(200);
    // The entry reaches the database within a flush interval; the API reads it back.
    let logs: any[] = [];
    for (let i = 0; i < 100 && logs.length === 0; i++) {
      logs = ((await (await fetch(`${url}/api/logs?request_id=cli-logged-1`)).json()) as { logs: any[] }).logs;
      if (logs.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(logs[0]).toMatchObject({ request_id: 'cli-logged-1', provider: 'mock', model: 'echo', status: 200 });
    expect(existsSync(join(appDir, 'logs.db'))).toBe(true);
    // A request answered just before SIGTERM is still written: shutdown flushes the queue.
    await fetch(`${url}/v1/chat/completions`, { method: 'POST', headers: { 'x-request-id': 'cli-logged-2' }, body: chatBody });
    cli.child.kill('SIGTERM');
    expect((await cli.exited).code).toBe(0);
    const db = new Database(join(appDir, 'logs.db'), { readonly: true });
    try {
      expect(db.prepare('SELECT request_id FROM logs ORDER BY id').all()).toEqual([{ request_id: 'cli-logged-1' }, { request_id: 'cli-logged-2' }]);
    } finally {
      db.close();
    }
  });

  it('on SIGINT with nothing in flight exits 0 at once', async () => {
    const cli = start(['--port', '0']);
    await cli.listening;
    cli.child.kill('SIGINT');
    expect((await cli.exited).code).toBe(0);
  });
});
