import { pino } from 'pino';
import pretty from 'pino-pretty';

/** The logger the gateway writes to: pino's interface (`logger.warn({ field }, 'message')`). */
export type Logger = Pick<pino.Logger, 'debug' | 'info' | 'warn' | 'error' | 'fatal'>;

/** How log lines look: JSON lines (for collectors), or readable lines (for a terminal). */
export type LogStyle = 'json' | 'pretty';

/**
 * Creates the gateway's default logger on standard error: JSON lines, written
 * asynchronously; or, with `pretty`, readable coloured lines (pino-pretty, for
 * development: formatting costs time on every line).
 */
export function createLogger(level: string = process.env.SWITCHYARD_LOG_LEVEL ?? 'info', style: LogStyle = 'json'): pino.Logger {
  const options = { level, base: { service: 'switchyard' } };
  if (style === 'pretty') return pino(options, pretty({ destination: 2, colorize: process.stderr.isTTY === true, sync: true }));
  return pino(options, pino.destination({ fd: 2, sync: false }));
}
