import OpenAI from 'openai';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { expect } from 'vitest';
import type { StartedGateway } from './start-gateway.js';

/** Helpers of the error tests: a plain request, and checks of what OpenAI clients see. */

export const params: ChatCompletionCreateParamsNonStreaming = {
  model: 'openai/gpt-4o-mini',
  messages: [{ role: 'user', content: 'Hello?' }],
};

/** Runs `call`, expects it to fail with an `APIError`, and returns that error. */
export async function apiError(call: Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  try {
    await call;
  } catch (error) {
    expect(error).toBeInstanceOf(OpenAI.APIError);
    return error as InstanceType<typeof OpenAI.APIError>;
  }
  throw new Error('expected the call to fail');
}

/** The error body OpenAI clients read: `{"error": {"message", "type", "param", "code"}}`, nothing else. */
export function expectOpenAIErrorShape(body: unknown): asserts body is { error: { message: string; type: string; param: string | null; code: string } } {
  expect(Object.keys(body as object)).toEqual(['error']);
  const error = (body as { error: Record<string, unknown> }).error;
  expect(Object.keys(error).sort()).toEqual(['code', 'message', 'param', 'type']);
  expect(typeof error.message).toBe('string');
  expect((error.message as string).length).toBeGreaterThan(0);
  expect(typeof error.type).toBe('string');
  expect(typeof error.code).toBe('string');
}

export async function expectStillServes(served: StartedGateway): Promise<void> {
  const completion = await served.client().chat.completions.create(params);
  expect(completion.choices[0].message.content).toBe('Hello from the fake upstream.');
}

/** Posts a raw body to the chat route, for bodies the SDK would not send. */
export async function postRaw(gateway: StartedGateway, body: string): Promise<{ response: Response; body: unknown }> {
  const response = await fetch(`${gateway.baseURL}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { response, body: await response.json() };
}
