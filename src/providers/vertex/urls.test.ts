import { describe, expect, it } from 'vitest';
import type { ProviderSettings } from '../contract.js';
import type { VertexKeySettings } from './settings.js';
import { toVertexModelUrl, vertexDefaultBaseUrl, vertexPublisherOf } from './urls.js';

const settings = (baseUrl = vertexDefaultBaseUrl, customBaseUrl = false): ProviderSettings => ({ provider: 'vertex', baseUrl, customBaseUrl, extraHeaders: {}, timeoutMs: 1000 });
const key = (region: string): VertexKeySettings => ({ projectId: 'my-project', region, account: undefined, accessToken: 't' });

describe('toVertexModelUrl', () => {
  it('calls the key region endpoint', () => {
    expect(toVertexModelUrl(settings(), key('us-central1'), 'google', 'gemini-2.5-flash', 'generateContent')).toBe(
      'https://us-central1-aiplatform.googleapis.com/v1/projects/my-project/locations/us-central1/publishers/google/models/gemini-2.5-flash:generateContent',
    );
  });

  it('calls the global and multi-region endpoints on their own origins', () => {
    expect(toVertexModelUrl(settings(), key('global'), 'google', 'gemini-2.5-pro', 'streamGenerateContent?alt=sse')).toBe(
      'https://aiplatform.googleapis.com/v1/projects/my-project/locations/global/publishers/google/models/gemini-2.5-pro:streamGenerateContent?alt=sse',
    );
    expect(toVertexModelUrl(settings(), key('eu'), 'anthropic', 'claude-sonnet-4@20250514', 'rawPredict')).toBe(
      'https://aiplatform.eu.rep.googleapis.com/v1/projects/my-project/locations/eu/publishers/anthropic/models/claude-sonnet-4@20250514:rawPredict',
    );
  });

  it('calls network_config.base_url as given, with the key region in the path', () => {
    expect(toVertexModelUrl(settings('http://127.0.0.1:9000', true), key('global'), 'google', 'text-embedding-005', 'predict')).toBe(
      'http://127.0.0.1:9000/v1/projects/my-project/locations/global/publishers/google/models/text-embedding-005:predict',
    );
  });

  it('escapes a model name that would change the path', () => {
    expect(toVertexModelUrl(settings(), key('us-east5'), 'google', '../x?y', 'generateContent')).toContain('/models/..%2Fx%3Fy:generateContent');
  });
});

describe('vertexPublisherOf', () => {
  it("routes claude-* to Anthropic's publisher path and everything else to Google's", () => {
    expect(vertexPublisherOf('claude-opus-4-1@20250805')).toBe('anthropic');
    expect(vertexPublisherOf('gemini-2.5-flash')).toBe('google');
    expect(vertexPublisherOf('text-embedding-005')).toBe('google');
  });
});
