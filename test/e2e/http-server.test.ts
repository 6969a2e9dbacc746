import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type StartedGateway, startGateway } from '../support/start-gateway.js';

describe('the HTTP surface around the OpenAI routes', () => {
  let served: StartedGateway;

  beforeEach(async () => {
    served = await startGateway({ config: { client: { allowed_origins: ['https://app.example'] }, providers: { mock: { keys: [] } } } });
  });

  afterEach(async () => {
    await served?.close();
  });

  it('answers GET /health with 200 ok', async () => {
    const response = await fetch(`${served.origin}/health`);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('puts x-request-id and server-timing on every answer, errors and listings included', async () => {
    const answers = await Promise.all([
      fetch(`${served.origin}/health`),
      fetch(`${served.baseURL}/models`),
      fetch(`${served.origin}/no/such/route`),
      fetch(`${served.baseURL}/chat/completions`, { method: 'POST', body: '{' }),
      fetch(`${served.baseURL}/chat/completions`, { method: 'POST', body: JSON.stringify({ model: 'mock/echo', messages: [{ role: 'user', content: 'hi' }] }) }),
    ]);
    for (const answer of answers) {
      expect(answer.headers.get('x-request-id'), answer.url).toMatch(/^[\w.:-]+$/);
      expect(answer.headers.get('server-timing'), answer.url).toMatch(/^gateway;dur=\d+\.\d{3}, upstream;dur=\d+\.\d{3}$/);
    }
  });

  it('answers a CORS preflight from an allowed origin with 204 and the allowed methods', async () => {
    const response = await fetch(`${served.baseURL}/chat/completions`, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });

    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    expect(response.headers.get('access-control-allow-headers')).toBe('authorization, content-type');
  });

  it('exposes the gateway headers to an allowed browser origin and not to others', async () => {
    const body = JSON.stringify({ model: 'mock/echo', messages: [{ role: 'user', content: 'hi' }] });
    const allowed = await fetch(`${served.baseURL}/chat/completions`, { method: 'POST', headers: { origin: 'https://app.example' }, body });
    const other = await fetch(`${served.baseURL}/chat/completions`, { method: 'POST', headers: { origin: 'https://evil.example' }, body });

    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(allowed.headers.get('access-control-expose-headers')).toContain('x-request-id');
    expect(other.status).toBe(200);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});
