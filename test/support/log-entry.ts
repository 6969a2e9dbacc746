import type { RequestLogEntry } from '../../src/logs/log-entry.js';

/** A request log entry for store tests: a plain successful chat, with `overrides` on top. */
export function sampleLogEntry(overrides: Partial<RequestLogEntry> = {}): RequestLogEntry {
  return {
    timestamp: Date.UTC(2025, 0, 1),
    requestId: 'req-0',
    method: 'POST',
    route: '/v1/chat/completions',
    operation: 'chat',
    provider: 'openai',
    model: 'gpt-4o',
    keyName: 'main',
    virtualKey: null,
    team: null,
    customer: null,
    status: 200,
    errorCode: null,
    errorMessage: null,
    latencyMs: 100,
    ttftMs: null,
    upstreamMs: 90,
    promptTokens: 10,
    completionTokens: 5,
    totalTokens: 15,
    costUsd: 0.001,
    cacheStatus: null,
    attempts: 1,
    fallbackIndex: 0,
    stream: false,
    requestContent: null,
    responseContent: null,
    ...overrides,
  };
}
