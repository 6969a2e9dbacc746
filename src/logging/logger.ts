import { pino } from 'pino';

/** The logger the gateway writes to: pino's interface (`logger.warn({ field }, 'message')`). */
export type Logger = Pick<pino.Logger, 'debug' | 'info' | 'warn' | 'error' | 'fatal'>;

/** Creates the gateway's default logger: JSON lines on standard error. */
export function createLogger(level: string = process.env.SWITCHYARD_LOG_LEVEL ?? 'info'): pino.Logger {
  return pino({ level, base: { service: 'switchyard' } }, pino.destination({ fd: 2, sync: false }));
}
