import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cohereChatResponseSchema } from '../../../test/fake-upstreams/cohere-wire.js';
import { fromCohereChatResponse } from './response.js';

const fixtures = new URL('./fixtures/', import.meta.url);
const readJson = (name: string): unknown => JSON.parse(readFileSync(new URL(name, fixtures), 'utf8'));
const cases = readdirSync(fixtures)
  .filter((name) => name.endsWith('.upstream-response.json'))
  .map((name) => name.slice(0, -'.upstream-response.json'.length));
/** The model of the case's request, which Cohere does not repeat in its answer. */
const modelOf = (name: string): string =>
  existsSync(new URL(`${name}.input.json`, fixtures)) ? (readJson(`${name}.input.json`) as { model: string }).model : 'command-a-03-2025';

/** Reads a case, or what it throws, as `.expected.json` holds it. */
function read(name: string): unknown {
  try {
    return fromCohereChatResponse('cohere', modelOf(name), readJson(`${name}.upstream-response.json`), 1_700_000_000);
  } catch (error) {
    const { code, status, type, failureClass, provider, upstreamStatus, message } = error as Record<string, unknown>;
    return { thrown: { code, status, type, failureClass, provider, upstreamStatus, message } };
  }
}

describe('fromCohereChatResponse (Cohere fixtures)', () => {
  it('has recorded answers for every finish reason and feature', () => {
    expect(cases).toEqual(
      expect.arrayContaining([
        'plain-chat', 'system-multi-turn', 'tools', 'tool-result-round-trip', 'vision', 'json-schema', 'reasoning', 'usage-cached',
        'finish-max-tokens', 'finish-stop-sequence', 'finish-timeout', 'finish-error',
      ]),
    );
  });

  it.each(cases)('%s.upstream-response.json is in Cohere V2ChatResponse shape', (name) => {
    const result = cohereChatResponseSchema.safeParse(readJson(`${name}.upstream-response.json`));
    expect(result.error?.issues ?? []).toEqual([]);
  });

  it.each(cases)('reads %s.upstream-response.json as %s.expected.json', (name) => {
    expect(read(name)).toEqual(readJson(`${name}.expected.json`));
  });
});

describe('fromCohereChatResponse', () => {
  it('rejects a body that is not a chat answer as upstream_invalid_response', () => {
    for (const body of [null, 'text', {}, { message: {} }, { finish_reason: 'COMPLETE' }]) {
      expect(() => fromCohereChatResponse('cohere', 'm', body)).toThrow(expect.objectContaining({ code: 'upstream_invalid_response', status: 502, provider: 'cohere' }));
    }
  });

  it('maps an unknown finish reason to stop and keeps it as native_finish_reason', () => {
    const response = fromCohereChatResponse('cohere', 'm', { id: 'x', finish_reason: 'SOMETHING_NEW', message: { role: 'assistant', content: [{ type: 'text', text: 'a' }] } });
    expect(response.choices[0]).toMatchObject({ finish_reason: 'stop', native_finish_reason: 'SOMETHING_NEW' });
    expect(response.usage).toBeUndefined();
  });

  it('reads billed units when Cohere sends no token counts', () => {
    const response = fromCohereChatResponse('cohere', 'm', {
      id: 'x',
      finish_reason: 'COMPLETE',
      message: { role: 'assistant', content: [] },
      usage: { billed_units: { input_tokens: 5, output_tokens: 7 } },
    });
    expect(response.usage).toEqual({ prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 });
    expect(response.choices[0].message.content).toBe('');
  });
});
