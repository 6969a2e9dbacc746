import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseHttpFixture } from '../../../test/support/http-fixture.js';
import type { ChatRequest, StreamChunk } from '../../api/index.js';
import { decodeSse } from '../../streaming/decode-sse.js';
import { azureProfile } from '../azure/profile.js';
import { cerebrasProfile } from '../cerebras/profile.js';
import { deepseekProfile } from '../deepseek/profile.js';
import { groqProfile } from '../groq/profile.js';
import { mistralProfile } from '../mistral/profile.js';
import { ollamaProfile } from '../ollama/profile.js';
import { openrouterProfile } from '../openrouter/profile.js';
import { perplexityProfile } from '../perplexity/profile.js';
import { vllmProfile } from '../vllm/profile.js';
import { fromOpenAIError } from './errors.js';
import type { OpenAICompatibleProfile } from './profile.js';
import { toOpenAIChatBody } from './request.js';
import { fromOpenAIChatResponse } from './response.js';
import { mapOpenAIStream } from './stream.js';

/**
 * The recorded wire cases of each OpenAI-compatible profile, in `src/providers/<id>/fixtures/`:
 * `<case>.input.json` → `<case>.upstream-request.json` (+ `<case>.warnings.json`),
 * `<case>.upstream-response.json` or `.upstream-stream.txt` → `<case>.expected.json`
 * (an error thrown inside a stream is the last entry, as `{"type": "error", "error": ...}`),
 * and `<case>.upstream-response.http` → the gateway error in `<case>.expected.json`.
 */
const profiles: OpenAICompatibleProfile[] = [azureProfile, mistralProfile, deepseekProfile, groqProfile, ollamaProfile, perplexityProfile, openrouterProfile, cerebrasProfile, vllmProfile];

function casesOf(directory: URL, suffix: string): string[] {
  return readdirSync(directory)
    .filter((name) => name.endsWith(suffix))
    .map((name) => name.slice(0, -suffix.length));
}

async function* bodyOf(text: string, size = 9): AsyncGenerator<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

for (const profile of profiles) {
  const directory = new URL(`../${profile.id}/fixtures/`, import.meta.url);
  const readText = (name: string): string => readFileSync(new URL(name, directory), 'utf8');
  const readJson = (name: string): unknown => JSON.parse(readText(name));

  describe(`${profile.id} wire fixtures`, () => {
    it.each(casesOf(directory, '.input.json'))('sends %s.upstream-request.json for %s.input.json', (name) => {
      const request = readJson(`${name}.input.json`) as ChatRequest;
      const before = structuredClone(request);
      const warnings: string[] = [];
      const body = toOpenAIChatBody(request, request.stream === true, profile, warnings, profile.id);
      expect(JSON.parse(body)).toEqual(readJson(`${name}.upstream-request.json`));
      expect(warnings).toEqual(existsSync(new URL(`${name}.warnings.json`, directory)) ? readJson(`${name}.warnings.json`) : []);
      expect(request).toEqual(before);
    });

    it.each(casesOf(directory, '.upstream-response.json'))('reads %s.upstream-response.json as %s.expected.json', (name) => {
      const answer = fromOpenAIChatResponse(profile.id, readJson(`${name}.upstream-response.json`), profile.reasoningField);
      expect(answer).toEqual(readJson(`${name}.expected.json`));
    });

    it.each(casesOf(directory, '.upstream-stream.txt'))('maps %s.upstream-stream.txt to %s.expected.json', async (name) => {
      const seen: Array<StreamChunk | { type: 'error'; error: unknown }> = [];
      try {
        for await (const chunk of mapOpenAIStream(profile.id, decodeSse(bodyOf(readText(`${name}.upstream-stream.txt`))))) seen.push(chunk);
      } catch (error) {
        const { code, status, type, message } = error as { code: string; status: number; type: string; message: string };
        seen.push({ type: 'error', error: { code, status, type, message } });
      }
      expect(seen).toEqual(readJson(`${name}.expected.json`));
    });

    it.each(casesOf(directory, '.upstream-response.http'))('maps %s.upstream-response.http to the gateway error in %s.expected.json', (name) => {
      const { status, headers, body } = parseHttpFixture(readText(`${name}.upstream-response.http`));
      const error = fromOpenAIError(profile.id, status, headers, body);
      const { code, type, failureClass, provider, upstreamStatus, param, retryAfter, message } = error;
      expect({ code, status: error.status, type, failureClass, provider, upstreamStatus, param, retryAfter, message }).toEqual(readJson(`${name}.expected.json`));
    });
  });
}
