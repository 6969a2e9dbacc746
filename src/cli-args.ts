import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { LogStyle } from './logging/logger.js';

/** What the command line asks for. */
export interface CliArgs {
  configPath: string | undefined;
  port: number;
  host: string;
  logLevel: string;
  /** `json` (JSON lines, the default) or `pretty` (readable lines for a terminal). */
  logStyle: LogStyle;
  /** The data directory: the request log's SQLite file (`logs.db`) lives there. */
  appDir: string;
  /** Processes serving the port: 1 is a single process; more starts a node:cluster primary and that many workers. */
  workers: number;
  help: boolean;
  version: boolean;
}

export const usage = `Usage: switchyard [options]

Starts the Switchyard LLM gateway: an OpenAI-compatible API in front of every configured provider.

Options:
  -c, --config <file>    Config file (Bifrost config.json format).
                         Default: $SWITCHYARD_CONFIG, else ./config.json if it exists,
                         else the built-in mock provider plus every provider whose
                         key variable (OPENAI_API_KEY, ...) is set.
  -p, --port <n>         Port to listen on. Default: $PORT, else 8080. 0 picks a free port.
      --host <addr>      Address to listen on. Default: $HOST, else 127.0.0.1.
      --log-level <lvl>  trace, debug, info, warn, error or fatal.
                         Default: $SWITCHYARD_LOG_LEVEL, else info. Logs go to stderr.
      --log-style <s>    json (JSON lines) or pretty (readable, for a terminal).
                         Default: $SWITCHYARD_LOG_STYLE, else json.
      --app-dir <dir>    Data directory: request logs go to <dir>/logs.db unless the
                         config's logs_store says otherwise. Created when needed.
                         Default: $SWITCHYARD_APP_DIR, else ./switchyard-data.
      --workers <n|auto> Worker processes serving the port (node:cluster). 1 runs a
                         single process; auto is one per core.
                         Default: $SWITCHYARD_WORKERS, else auto.
  -h, --help             Show this help and exit.
  -v, --version          Print the version and exit.

When ready, prints "switchyard listening on http://HOST:PORT" on stdout.
SIGTERM or SIGINT: stop accepting, let in-flight requests finish (client.shutdown_timeout_seconds, 30 s by default), exit 0.
SIGHUP (with more than one worker): rolling restart, one worker at a time.
`;

/** Reads flags, then environment variables, then defaults. Throws with a readable message on a bad flag. */
export function parseCliArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, cwd = process.cwd()): CliArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      config: { type: 'string', short: 'c' },
      port: { type: 'string', short: 'p' },
      host: { type: 'string' },
      'log-level': { type: 'string' },
      'log-style': { type: 'string' },
      'app-dir': { type: 'string' },
      workers: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
      version: { type: 'boolean', short: 'v', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const portText = values.port ?? env.PORT ?? '8080';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port: expected a port number from 0 to 65535, got "${portText}"`);
  const logStyle = values['log-style'] ?? env.SWITCHYARD_LOG_STYLE ?? 'json';
  if (logStyle !== 'json' && logStyle !== 'pretty') throw new Error(`--log-style: expected json or pretty, got "${logStyle}"`);
  const workersText = values.workers ?? env.SWITCHYARD_WORKERS ?? 'auto';
  const workers = workersText === 'auto' ? availableParallelism() : /^\d+$/.test(workersText) ? Number(workersText) : Number.NaN;
  if (!Number.isSafeInteger(workers) || workers < 1) throw new Error(`--workers: expected a whole number of at least 1 or auto, got "${workersText}"`);
  const localConfig = `${cwd}/config.json`;
  return {
    configPath: values.config ?? env.SWITCHYARD_CONFIG ?? (existsSync(localConfig) ? localConfig : undefined),
    port,
    host: values.host ?? env.HOST ?? '127.0.0.1',
    logLevel: values['log-level'] ?? env.SWITCHYARD_LOG_LEVEL ?? 'info',
    logStyle,
    appDir: resolve(cwd, values['app-dir'] ?? env.SWITCHYARD_APP_DIR ?? 'switchyard-data'),
    workers,
    help: values.help ?? false,
    version: values.version ?? false,
  };
}
