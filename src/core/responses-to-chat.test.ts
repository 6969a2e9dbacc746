import { describe, expect, it } from 'vitest';
import type { ResponsesRequest } from '../api/index.js';
import { toChatFromResponses } from './responses-to-chat.js';

const invalid = (param: string) => expect.objectContaining({ code: 'invalid_request', status: 400, param });
const translate = (request: Omit<ResponsesRequest, 'model'>, warnings: string[] = [], stream = false) => toChatFromResponses({ model: 'p/m', ...request } as ResponsesRequest, 'p', warnings, stream);

describe('toChatFromResponses', () => {
  it('makes a string input one user message, after the instructions as a system message', () => {
    expect(translate({ input: 'Hi', instructions: 'Be brief' })).toEqual({
      model: 'p/m',
      messages: [
        { role: 'system', content: 'Be brief' },
        { role: 'user', content: 'Hi' },
      ],
    });
  });

  it('translates message items with text, image and file parts; other roles keep their text', () => {
    const chat = translate({
      input: [
        { role: 'developer', content: [{ type: 'input_text', text: 'Rules.' }] },
        {
          role: 'user',
          content: [
            { type: 'input_text', text: 'Look' },
            { type: 'input_image', image_url: 'data:image/png;base64,AAAA', detail: 'high' },
            { type: 'input_image', image_url: 'https://example.com/a.png', detail: 'auto' },
            { type: 'input_file', file_data: 'data:application/pdf;base64,AAAA', filename: 'a.pdf' },
          ],
        },
        { type: 'message', role: 'assistant', id: 'msg_1', status: 'completed', content: [{ type: 'output_text', text: 'Seen', annotations: [] }, { type: 'refusal', refusal: '.' }] },
      ],
    });

    expect(chat.messages).toEqual([
      { role: 'developer', content: 'Rules.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Look' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA', detail: 'high' } },
          { type: 'image_url', image_url: { url: 'https://example.com/a.png' } },
          { type: 'file', file: { file_data: 'data:application/pdf;base64,AAAA', filename: 'a.pdf' } },
        ],
      },
      { role: 'assistant', content: 'Seen.' },
    ]);
  });

  it('joins function calls to the assistant message before them, and their outputs as tool messages', () => {
    const chat = translate({
      input: [
        { role: 'user', content: 'Weather?' },
        { type: 'message', role: 'assistant', content: 'Checking.' },
        { type: 'function_call', call_id: 'c1', name: 'weather', arguments: '{"city":"Paris"}' },
        { type: 'function_call', call_id: 'c2', name: 'weather', arguments: '{"city":"Rome"}' },
        { type: 'function_call_output', call_id: 'c1', output: '18C' },
        { type: 'function_call_output', call_id: 'c2', output: [{ type: 'input_text', text: '21' }, { type: 'input_text', text: 'C' }] },
      ],
    });

    expect(chat.messages.slice(1)).toEqual([
      {
        role: 'assistant',
        content: 'Checking.',
        tool_calls: [
          { id: 'c1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } },
          { id: 'c2', type: 'function', function: { name: 'weather', arguments: '{"city":"Rome"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'c1', content: '18C' },
      { role: 'tool', tool_call_id: 'c2', content: '21C' },
    ]);
  });

  it('leaves reasoning items out, with a warning', () => {
    const warnings: string[] = [];
    const chat = translate({ input: [{ type: 'reasoning', id: 'rs_1', summary: [] }, { role: 'user', content: 'Hi' }] }, warnings);

    expect(chat.messages).toEqual([{ role: 'user', content: 'Hi' }]);
    expect(warnings).toEqual(['reasoning items of input are not sent to p, which serves /v1/responses through chat']);
  });

  it('maps function tools, tool_choice, sampling, max_output_tokens, text.format and reasoning.effort', () => {
    const chat = translate(
      {
        input: 'Hi',
        tools: [{ type: 'function', name: 'f', description: 'does f', parameters: { type: 'object' }, strict: false }],
        tool_choice: 'required',
        parallel_tool_calls: false,
        max_output_tokens: 64,
        temperature: 0.1,
        top_p: 0.9,
        user: 'u1',
        text: { format: { type: 'json_object' } },
        reasoning: { effort: 'high', summary: 'auto' },
        metadata: { a: 'b' },
        store: false,
        truncation: 'disabled',
        include: [],
      },
      [],
      true,
    );

    expect(chat).toEqual({
      model: 'p/m',
      messages: [{ role: 'user', content: 'Hi' }],
      tools: [{ type: 'function', function: { name: 'f', description: 'does f', parameters: { type: 'object' }, strict: false } }],
      tool_choice: 'required',
      parallel_tool_calls: false,
      max_tokens: 64,
      temperature: 0.1,
      top_p: 0.9,
      user: 'u1',
      response_format: { type: 'json_object' },
      reasoning_effort: 'high',
      stream: true,
    });
  });

  it('maps a json_schema text format and a named tool_choice', () => {
    const chat = translate({ input: 'Hi', tool_choice: { type: 'function', name: 'f' }, text: { format: { type: 'json_schema', name: 'out', schema: { type: 'object' }, strict: true, description: 'd' } } });

    expect(chat.tool_choice).toEqual({ type: 'function', function: { name: 'f' } });
    expect(chat.response_format).toEqual({ type: 'json_schema', json_schema: { name: 'out', schema: { type: 'object' }, strict: true, description: 'd' } });
  });

  it('refuses stateful options: the gateway keeps no state', () => {
    expect(() => translate({ input: 'Hi', previous_response_id: 'resp_1' })).toThrow(invalid('previous_response_id'));
    expect(() => translate({ input: 'Hi', conversation: 'conv_1' })).toThrow(invalid('conversation'));
    expect(() => translate({ input: 'Hi', prompt: { id: 'pmpt_1' } })).toThrow(invalid('prompt'));
    expect(() => translate({ input: 'Hi', store: true })).toThrow(invalid('store'));
    expect(() => translate({ input: 'Hi', background: true })).toThrow(invalid('background'));
    expect(() => translate({ input: [{ type: 'item_reference', id: 'msg_1' }] })).toThrow(invalid('input[0].type'));
  });

  it('refuses what chat cannot carry, naming it', () => {
    expect(() => translate({ input: 'Hi', tools: [{ type: 'file_search', vector_store_ids: [] }] })).toThrow(invalid('tools[0]'));
    expect(() => translate({ input: 'Hi', tool_choice: { type: 'allowed_tools', mode: 'auto', tools: [] } })).toThrow(invalid('tool_choice'));
    expect(() => translate({ input: 'Hi', text: { format: { type: 'grammar' } } })).toThrow(invalid('text.format'));
    expect(() => translate({ input: [{ type: 'web_search_call', id: 'ws_1' }] })).toThrow(invalid('input[0].type'));
    expect(() => translate({ input: [{ role: 'user', content: [{ type: 'input_image', file_id: 'file_1' }] }] })).toThrow(invalid('input[0].content[0]'));
    expect(() => translate({ input: [{ role: 'user', content: [{ type: 'input_audio' }] }] })).toThrow(invalid('input[0].content[0]'));
    expect(() => translate({ input: [{ role: 'tool', content: 'x' }] })).toThrow(invalid('input[0].role'));
    expect(() => translate({ input: [] })).toThrow(invalid('input'));
  });

  it('reports other fields as dropped', () => {
    const warnings: string[] = [];
    translate({ input: 'Hi', service_tier: 'flex', truncation: 'auto', text: { format: { type: 'text' }, verbosity: 'low' } }, warnings);

    expect(warnings).toEqual([
      'service_tier is not supported when p serves /v1/responses through chat and was dropped',
      'truncation is not supported when p serves /v1/responses through chat and was dropped',
      'text.verbosity is not supported when p serves /v1/responses through chat and was dropped',
    ]);
  });
});
