import { readFileSync } from 'node:fs';
import { ConfigError } from './config-error.js';
import { type ParsedConfig, parseConfig } from './parse-config.js';

/** Reads a `config.json` file as JSON, not yet validated; a missing or malformed file is a `ConfigError`. */
export function readConfigFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError([`cannot read ${path}: ${(error as Error).message}`], path);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError([`not valid JSON: ${(error as Error).message}`], path);
  }
}

/** Reads and validates a `config.json` file. */
export function loadConfigFile(path: string, env: Readonly<Record<string, string | undefined>> = process.env): ParsedConfig {
  return parseConfig(readConfigFile(path), { env, source: path });
}
