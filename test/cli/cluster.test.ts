import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { type CliProcess, runCli } from './run-cli.js';

const running: CliProcess[] = [];

function start(args: string[], env: Record<string, string | undefined> = {}): CliProcess {
  const cli = runCli(args, env);
  running.push(cli);
  return cli;
}

afterEach(async () => {
  for (const cli of running.splice(0)) {
    if (cli.child.exitCode === null && cli.child.signalCode === null) {
      cli.child.kill('SIGKILL');
      await cli.exited;
    }
  }
});

interface Answer {
  status: number;
  worker: string;
  pid: number;
  body: string;
}

const chatBody = JSON.stringify({ model: 'mock/echo', messages: [{ role: 'user', content: 'hello from the cluster test' }] });

/** One request on a connection of its own (no agent, no retry): a reset connection is a failed request. */
function send(url: string, path = '/v1/chat/completions'): Promise<Answer> {
  const chat = path === '/v1/chat/completions';
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}${path}`, { method: chat ? 'POST' : 'GET', agent: false, headers: chat ? { 'content-type': 'application/json' } : {} }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (text: string) => (body += text));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, worker: String(res.headers['x-switchyard-worker']), pid: Number(res.headers['x-switchyard-worker-pid']), body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    // A request that hangs is a failed one too (no test waits on it forever).
    req.setTimeout(10_000, () => req.destroy(new Error('no answer within 10 s')));
    req.end(chat ? chatBody : undefined);
  });
}

/** `clients` loops each sending one request after another until `stop()`; every outcome is kept. */
function load(url: string, clients: number) {
  const answers: Answer[] = [];
  /** Each failed request with its number in the order requests were started. */
  const failures: { started: number; reason: string }[] = [];
  let running = true;
  let started = 0;
  const loops = Array.from({ length: clients }, async () => {
    while (running) {
      const number = started++;
      try {
        const answer = await send(url);
        if (answer.status === 200) answers.push(answer);
        else failures.push({ started: number, reason: `status ${answer.status}: ${answer.body}` });
      } catch (error) {
        failures.push({ started: number, reason: (error as Error).message });
      }
    }
  });
  return {
    answers,
    failures,
    /** How many requests have been started so far. */
    get started() {
      return started;
    },
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

async function until(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function chatCount(metrics: string): number {
  const line = metrics.split('\n').find((text) => text.startsWith('http_requests_total{path="/v1/chat/completions",method="POST",status="200"}'));
  return line === undefined ? 0 : Number(line.split(' ').pop());
}

describe('switchyard --workers', () => {
  it('rejects a worker count that is not a whole number of at least 1 or auto, with exit code 2 and the usage', async () => {
    for (const value of ['0', '-1', '1.5', 'many']) {
      const cli = start(['--workers', value]);
      expect((await cli.exited).code).toBe(2);
      expect(cli.stderr()).toContain('--workers');
      expect(cli.stderr()).toContain('Usage: switchyard');
    }
  });

  it('serves with one process and no worker header with --workers 1', async () => {
    const cli = start(['--workers', '1', '--port', '0']);
    const answer = await send(await cli.listening);
    expect(answer.status).toBe(200);
    expect(answer.pid).toBeNaN();
    expect(answer.worker).toBe('undefined');
  });

  it('serves requests from both workers on one port and totals /metrics over the workers', async () => {
    const cli = start(['--workers', '2', '--port', '0']);
    const url = await cli.listening;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const answers: Answer[] = [];
    for (let i = 0; i < 20; i++) answers.push(await send(url));
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect(new Set(answers.map((answer) => answer.worker)).size).toBe(2);
    // A request is counted when its response closes on the server, just after the client has it.
    let metrics = '';
    await until(() => chatCount(metrics) >= 20, 'the chat requests in /metrics', 5_000).catch(() => undefined);
    for (let i = 0; i < 100 && chatCount(metrics) < 20; i++) metrics = (await send(url, '/metrics')).body;
    expect(chatCount(metrics)).toBe(20);
    expect(metrics).toContain('switchyard_http_requests_total{path="/v1/chat/completions",method="POST",status="200"} 20');
  }, 60_000);

  it('replaces a killed worker while requests keep succeeding', async () => {
    const cli = start(['--workers', '2', '--port', '0']);
    const url = await cli.listening;
    const before = new Set<number>();
    for (let i = 0; i < 10; i++) before.add((await send(url)).pid);
    expect(before.size).toBe(2);
    const [killed] = before;
    const traffic = load(url, 4);
    await until(() => traffic.answers.length > 20, 'traffic before the kill');
    process.kill(killed!, 'SIGKILL');
    // Requests on (or handed to) the SIGKILLed worker may fail or hang; every request started once the replacement serves must succeed.
    await until(() => traffic.answers.some((answer) => !before.has(answer.pid)), 'the replacement worker to serve');
    const startedAtReplacement = traffic.started;
    const answered = traffic.answers.length;
    await until(() => traffic.answers.length > answered + 40, 'traffic after the replacement');
    await traffic.stop();
    expect(traffic.failures.filter((failure) => failure.started >= startedAtReplacement)).toEqual([]);
    const after = new Set(traffic.answers.slice(answered).map((answer) => answer.pid));
    expect(after.size).toBe(2);
    expect(after.has(killed!)).toBe(false);
    expect(cli.stderr()).toContain('worker died unexpectedly');
  }, 60_000);

  it('restarts every worker on SIGHUP under constant load with zero failed requests', async () => {
    const cli = start(['--workers', '2', '--port', '0'], { SWITCHYARD_LOG_LEVEL: 'info' });
    const url = await cli.listening;
    const traffic = load(url, 20);
    await until(() => traffic.answers.length > 40, 'traffic before the restart');
    const before = new Set(traffic.answers.map((answer) => answer.worker));
    cli.child.kill('SIGHUP');
    await until(() => cli.stderr().includes('rolling restart done'), 'the rolling restart to finish');
    const answered = traffic.answers.length;
    await until(() => traffic.answers.length > answered + 40, 'traffic after the restart');
    await traffic.stop();
    expect(traffic.failures).toEqual([]);
    const after = new Set(traffic.answers.slice(answered).map((answer) => answer.worker));
    expect(after.size).toBe(2);
    for (const worker of after) expect(before.has(worker)).toBe(false);
  }, 60_000);

  it('treats SIGTERM sent to every process at once (a service manager signalling the group) as one graceful shutdown', async () => {
    const cli = start(['--workers', '2', '--port', '0'], { SWITCHYARD_LOG_LEVEL: 'info' });
    const url = await cli.listening;
    const pids = new Set<number>();
    for (let i = 0; i < 10; i++) pids.add((await send(url)).pid);
    expect(pids.size).toBe(2);
    cli.child.kill('SIGTERM');
    for (const pid of pids) process.kill(pid, 'SIGTERM');
    expect(await cli.exited).toEqual({ code: 0, signal: null });
    expect(cli.stderr()).not.toContain('second signal');
    expect(cli.stderr()).not.toMatch(/"code":1/);
  }, 60_000);

  it('stops every worker and exits 0 on SIGTERM', async () => {
    const cli = start(['--workers', '2', '--port', '0']);
    const url = await cli.listening;
    expect((await send(url)).status).toBe(200);
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toEqual({ code: 0, signal: null });
    await expect(send(url)).rejects.toThrow();
  }, 60_000);
});
