import { describe, expect, it } from 'vitest';
import { errors, toOpenAIError } from '../errors/index.js';
import type { Handler } from './routes.js';
import { Router, type RouteSet } from './router.js';

const handler: Handler = () => undefined;
const other: Handler = () => undefined;
const googleError = (error: { message: string }) => ({ error: { message: error.message } });

const openai: RouteSet = { name: 'openai', routes: [{ path: '/v1/chat/completions', methods: { POST: handler } }], errorBody: toOpenAIError };
const google: RouteSet = {
  name: 'google',
  routes: [
    { path: '/v1beta/models', methods: { GET: other } },
    { path: '/v1beta/models/{model}:{method}', methods: { POST: handler } },
    { path: '/v1beta/files/{rest*}', methods: { GET: handler } },
  ],
  errorBody: googleError,
};

describe('Router', () => {
  const router = new Router().mount('', openai).mount('/openai', openai).mount('/genai', google);

  it('matches exact paths at the root and under a prefix', () => {
    expect(router.match('/v1/chat/completions')?.methods.POST).toBe(handler);
    expect(router.match('/openai/v1/chat/completions')?.methods.POST).toBe(handler);
    expect(router.match('/genai/v1beta/models')?.methods.GET).toBe(other);
  });

  it('reads {name} segments and Google-style :{method} suffixes, decoded', () => {
    expect(router.match('/genai/v1beta/models/gemini-2.5-flash:streamGenerateContent')).toMatchObject({
      params: { model: 'gemini-2.5-flash', method: 'streamGenerateContent' },
      errorBody: googleError,
    });
    expect(router.match('/genai/v1beta/models/openai%2Fgpt-4o:generateContent')?.params).toEqual({ model: 'openai/gpt-4o', method: 'generateContent' });
  });

  it('lets a {name*} segment take the rest of the path', () => {
    expect(router.match('/genai/v1beta/files/a/b/c')?.params).toEqual({ rest: 'a/b/c' });
  });

  it('matches nothing else', () => {
    expect(router.match('/v1/chat')).toBeUndefined();
    expect(router.match('/genai/v1beta/models/x')).toBeUndefined();
    expect(router.match('/genai/v1beta/models/a/b:generateContent')).toBeUndefined();
  });

  it("answers an unknown path under a prefix in that surface's error shape", () => {
    expect(router.errorShapeFor('/genai/v1beta/unknown')?.errorBody).toBe(googleError);
    expect(router.errorShapeFor('/somewhere')).toBeUndefined();
    expect(router.errorShapeFor('/genai/v1beta/unknown')!.errorBody(errors.routeNotFound('GET', '/x'))).toEqual({ error: { message: 'Unknown route: GET /x' } });
  });
});
