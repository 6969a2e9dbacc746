import type { z } from 'zod';
import { formatPath } from './format-path.js';

const article: Record<string, string> = {
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  array: 'an array',
  object: 'an object',
  record: 'an object',
  int: 'an integer',
};

/** Turns a zod issue into `path: expected a number, got "high"`, reading the offending value from the input. */
export function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const where = formatPath(issue.path);
  if (issue.code === 'invalid_type') {
    const got = valueAt(input, issue.path);
    const expected = article[issue.expected] ?? issue.expected;
    return got === undefined ? `${where}: required, expected ${expected}` : `${where}: expected ${expected}, got ${show(got)}`;
  }
  if (issue.code === 'invalid_format' && issue.format === 'url') {
    return `${where}: expected an http(s) URL such as "http://127.0.0.1:9000", got ${show(valueAt(input, issue.path))}`;
  }
  if (issue.code === 'too_small' || issue.code === 'too_big') {
    return `${where}: ${issue.message.replace(/^Too (small|big): expected number to (be|have) /, 'expected a value ')}, got ${show(valueAt(input, issue.path))}`;
  }
  return `${where}: ${issue.message}`;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current = input;
  for (const part of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[part];
  }
  return current;
}

function show(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return JSON.stringify(value);
}
