import { describe, expect, it } from 'vitest';
import { errors } from '../../errors/index.js';
import { toGeminiError } from './to-gemini-error.js';
import { toGeminiResponse } from './to-gemini-response.js';

describe('toGeminiResponse', () => {
  it('encodes text, thoughts, function calls, finish reason and usage', () => {
    const response = toGeminiResponse(
      {
        id: 'chatcmpl-1',
        object: 'chat.completion',
        created: 1,
        model: 'claude-sonnet-4-5',
        choices: [
          {
            index: 0,
            message: {
              role: 'assistant',
              content: 'Checking.',
              reasoning_content: 'The user wants weather.',
              tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
            },
            finish_reason: 'tool_calls',
          },
        ],
        usage: { prompt_tokens: 10, completion_tokens: 8, total_tokens: 18, prompt_tokens_details: { cached_tokens: 4 }, completion_tokens_details: { reasoning_tokens: 3 } },
      },
      true,
    );

    expect(response).toEqual({
      candidates: [
        {
          content: {
            role: 'model',
            parts: [{ text: 'The user wants weather.', thought: true }, { text: 'Checking.' }, { functionCall: { id: 'toolu_1', name: 'get_weather', args: { city: 'Paris' } } }],
          },
          finishReason: 'STOP',
          index: 0,
        },
      ],
      usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 5, totalTokenCount: 18, cachedContentTokenCount: 4, thoughtsTokenCount: 3 },
      modelVersion: 'claude-sonnet-4-5',
      responseId: 'chatcmpl-1',
    });
  });

  it('leaves out the content of a filtered answer', () => {
    const response = toGeminiResponse({ id: 'x', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: '' }, finish_reason: 'content_filter' }] }, false);
    expect(response.candidates).toEqual([{ finishReason: 'SAFETY', index: 0 }]);
  });
});

describe('toGeminiError', () => {
  it.each([
    [errors.invalidJson('x'), 400, 'INVALID_ARGUMENT'],
    [errors.providerNotFound('nope'), 404, 'NOT_FOUND'],
    [errors.rateLimited('openai', 'slow down', 12), 429, 'RESOURCE_EXHAUSTED'],
    [errors.providerAuthFailed('openai', 401, 'bad key'), 502, 'UNAVAILABLE'],
    [errors.upstreamOverloaded('anthropic', 529, 'busy'), 503, 'UNAVAILABLE'],
    [errors.upstreamTimeout('openai', 30), 504, 'DEADLINE_EXCEEDED'],
    [errors.internal(new Error('bug')), 500, 'INTERNAL'],
  ])('answers %s with code %i and status %s', (error, code, status) => {
    expect(toGeminiError(error).error).toMatchObject({ code, status, message: error.message });
  });

  it('carries the stable code, the provider and the retry delay in details', () => {
    expect(toGeminiError(errors.rateLimited('openai', 'slow down', 12)).error.details).toEqual([
      { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'RATE_LIMITED', domain: 'switchyard', metadata: { code: 'rate_limited', provider: 'openai' } },
      { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '12s' },
    ]);
  });
});
