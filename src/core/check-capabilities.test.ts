import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../api/index.js';
import type { ProviderAdapter, ProviderCapabilities } from '../providers/contract.js';
import { checkCapabilities } from './check-capabilities.js';

const all: ProviderCapabilities = { chat: true, chatStream: true, embeddings: true, listModels: true, tools: true, vision: true, jsonSchema: true, reasoning: true, completions: false, responses: false };
const adapter = (lacking: Partial<ProviderCapabilities>) => ({ capabilities: { ...all, ...lacking } }) as ProviderAdapter;
const plain: ChatRequest = { model: 'p/m', messages: [{ role: 'user', content: 'hi' }] };
const withTools: ChatRequest = { ...plain, tools: [{ type: 'function', function: { name: 'f' } }] };
const withSchema: ChatRequest = { ...plain, response_format: { type: 'json_schema', json_schema: { name: 's', schema: {} } } };
const withImage: ChatRequest = {
  ...plain,
  messages: [plain.messages[0], { role: 'user', content: [{ type: 'text', text: 'this?' }, { type: 'image_url', image_url: { url: 'https://example.com/a.png' } }] }],
};
const refused = (text: string, param: string) =>
  expect.objectContaining({ code: 'unsupported_operation', status: 400, provider: 'p', param, message: expect.stringContaining(text) });

describe('checkCapabilities', () => {
  it('lets everything through to an adapter that declares tools, vision and JSON schema', () => {
    for (const request of [plain, withTools, withSchema, withImage]) expect(() => checkCapabilities(request, adapter({}), 'p')).not.toThrow();
  });

  it('refuses tools when the adapter declares no tool calling, naming the parameter', () => {
    expect(() => checkCapabilities(withTools, adapter({ tools: false }), 'p')).toThrow(refused('`tools`', 'tools'));
    expect(() => checkCapabilities({ ...plain, tools: [] }, adapter({ tools: false }), 'p')).not.toThrow();
  });

  it('refuses a json_schema response_format without jsonSchema, but not json_object', () => {
    expect(() => checkCapabilities(withSchema, adapter({ jsonSchema: false }), 'p')).toThrow(refused('`response_format`', 'response_format'));
    expect(() => checkCapabilities({ ...plain, response_format: { type: 'json_object' } }, adapter({ jsonSchema: false }), 'p')).not.toThrow();
  });

  it('refuses image parts without vision, naming the message', () => {
    expect(() => checkCapabilities(withImage, adapter({ vision: false }), 'p')).toThrow(refused('`messages[1]`', 'messages[1].content'));
    expect(() => checkCapabilities(plain, adapter({ vision: false }), 'p')).not.toThrow();
  });
});
