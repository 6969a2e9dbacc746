import { readFileSync } from 'node:fs';
import { ConfigError } from './config-error.js';
import { type ParsedConfig, parseConfig } from './parse-config.js';

/** Reads and validates a `config.json` file. */
export function loadConfigFile(path: string, env: Readonly<Record<string, string | undefined>> = process.env): ParsedConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError([`cannot read ${path}: ${(error as Error).message}`], path);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError([`not valid JSON: ${(error as Error).message}`], path);
  }
  return parseConfig(raw, { env, source: path });
}
