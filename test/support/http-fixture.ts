import { readdirSync } from 'node:fs';

/** A recorded HTTP response (`<case>.upstream-response.http`): status line, headers, blank line, body. */
export interface HttpFixture {
  status: number;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  body: string;
}

/** Reads a recorded HTTP response: status line, headers (lower-cased), blank line, body. */
export function parseHttpFixture(text: string): HttpFixture {
  const end = text.indexOf('\n\n');
  const [statusLine, ...headerLines] = text.slice(0, end).split('\n');
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(statusLine!.split(' ')[1]), headers, body: text.slice(end + 2) };
}

/** The case names of the fixtures in `folder` whose file names end in `suffix` (`plain-chat` of `plain-chat.input.json`). */
export function fixtureCases(folder: URL, suffix: string): string[] {
  return readdirSync(folder)
    .filter((name) => name.endsWith(suffix))
    .map((name) => name.slice(0, -suffix.length));
}
