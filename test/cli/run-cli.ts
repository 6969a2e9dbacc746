import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));

/** A `switchyard` process started from the sources (through tsx), with its output collected. */
export interface CliProcess {
  child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /** Resolves with the URL from the `switchyard listening on ...` line. */
  listening: Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts the CLI (with `--workers 1` unless `args` says otherwise); its data directory (request logs) is a fresh temporary one unless `env` names one. */
export function runCli(args: string[], env: Record<string, string | undefined> = {}): CliProcess {
  const appDir = mkdtempSync(join(tmpdir(), 'switchyard-cli-'));
  // One process unless the test asks for workers: the default (one per core) would fork a cluster.
  const workers = args.some((arg) => arg === '--workers' || arg.startsWith('--workers=')) ? [] : ['--workers', '1'];
  const child = spawn(process.execPath, ['--import', 'tsx', cli, ...workers, ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, SWITCHYARD_LOG_LEVEL: 'warn', SWITCHYARD_APP_DIR: appDir, ...env } as NodeJS.ProcessEnv,
    stdio: 'pipe',
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (out += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (err += text));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      rmSync(appDir, { recursive: true, force: true });
      resolve({ code, signal });
    }),
  );
  const listening = new Promise<string>((resolve, reject) => {
    const onData = () => {
      const match = /switchyard listening on (http:\/\/\S+)\n/.exec(out);
      if (match) {
        child.stdout.off('data', onData);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    void exited.then(({ code }) => reject(new Error(`exited with ${code} before listening: ${err}`)));
  });
  listening.catch(() => undefined);
  return { child, stdout: () => out, stderr: () => err, listening, exited };
}
