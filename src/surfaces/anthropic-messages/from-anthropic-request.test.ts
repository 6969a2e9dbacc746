import { describe, expect, it } from 'vitest';
import { fromAnthropicRequest } from './from-anthropic-request.js';

const base = { model: 'openai/gpt-4o', max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }] };

function translate(body: Record<string, unknown>) {
  const warnings: string[] = [];
  return { request: fromAnthropicRequest({ ...base, ...body }, warnings), warnings };
}

describe('fromAnthropicRequest', () => {
  it('maps the sampling fields, stop sequences, the user and streaming', () => {
    const { request, warnings } = translate({ temperature: 0.5, top_p: 0.8, stop_sequences: ['END'], metadata: { user_id: 'u1' }, stream: true });
    expect(request).toEqual({ ...base, max_tokens: undefined, max_completion_tokens: 100, temperature: 0.5, top_p: 0.8, stop: ['END'], user: 'u1', stream: true, messages: [{ role: 'user', content: 'Hi' }] });
    expect(warnings).toEqual([]);
  });

  it('joins system text blocks into one system message of parts, dropping cache_control without a warning', () => {
    const { request, warnings } = translate({
      system: [
        { type: 'text', text: 'One.', cache_control: { type: 'ephemeral' } },
        { type: 'text', text: 'Two.' },
      ],
      cache_control: { type: 'ephemeral' },
    });
    expect(request.messages[0]).toEqual({ role: 'system', content: [{ type: 'text', text: 'One.' }, { type: 'text', text: 'Two.' }] });
    expect(warnings).toEqual([]);
  });

  it('reads assistant turns: text, thinking as reasoning, tool_use as tool calls; redacted thinking dropped with a warning', () => {
    const { request, warnings } = translate({
      messages: [
        { role: 'user', content: 'Weather?' },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'Need the tool.', signature: 'sig' },
            { type: 'redacted_thinking', data: 'xyz' },
            { type: 'text', text: 'Checking.' },
            { type: 'tool_use', id: 't1', name: 'get_weather', input: { city: 'Rome' } },
          ],
        },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: [{ type: 'text', text: 'sunny' }, { type: 'text', text: '25C' }] }] },
      ],
    });
    expect(request.messages.slice(1)).toEqual([
      { role: 'assistant', content: 'Checking.', reasoning_content: 'Need the tool.', tool_calls: [{ id: 't1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } }] },
      { role: 'tool', tool_call_id: 't1', content: 'sunny\n25C' },
    ]);
    expect(warnings).toEqual(['redacted_thinking blocks were dropped: only Anthropic can read them']);
  });

  it('keeps a tool result with an image as parts, and a system turn inside messages as a system message', () => {
    const { request } = translate({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', is_error: true, content: [{ type: 'image', source: { type: 'url', url: 'https://x/y.png' } }] }] },
      ],
    });
    expect(request.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'tool', tool_call_id: 't1', content: [{ type: 'text', text: 'Error:' }, { type: 'image_url', image_url: { url: 'https://x/y.png' } }] },
    ]);
  });

  it('reads documents: a base64 PDF as a file part, plain text as text', () => {
    const { request } = translate({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'document', title: 'report.pdf', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0=' } },
            { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'notes' } },
          ],
        },
      ],
    });
    expect(request.messages[0]).toEqual({
      role: 'user',
      content: [
        { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0=', filename: 'report.pdf' } },
        { type: 'text', text: 'notes' },
      ],
    });
  });

  it('maps tools and each tool_choice; server tools are dropped with a warning', () => {
    const tool = { name: 'f', description: 'd', input_schema: { type: 'object', properties: {} }, cache_control: { type: 'ephemeral' } };
    const { request, warnings } = translate({ tools: [tool, { type: 'web_search_20250305', name: 'web_search' }], tool_choice: { type: 'tool', name: 'f', disable_parallel_tool_use: true } });
    expect(request.tools).toEqual([{ type: 'function', function: { name: 'f', description: 'd', parameters: { type: 'object', properties: {} } } }]);
    expect(request).toMatchObject({ tool_choice: { type: 'function', function: { name: 'f' } }, parallel_tool_calls: false });
    expect(warnings).toEqual(["tools[1] (web_search_20250305) is one of Anthropic's server tools and was dropped: only Anthropic runs it"]);
    expect(translate({ tools: [tool], tool_choice: { type: 'none' } }).request.tool_choice).toBe('none');
    expect(translate({ tool_choice: { type: 'any' } }).request.tool_choice).toBeUndefined();
  });

  it('maps a thinking budget to the nearest effort, output_config.effort as it is, and a JSON schema format', () => {
    expect(translate({ thinking: { type: 'enabled', budget_tokens: 1024 } }).request.reasoning_effort).toBe('low');
    expect(translate({ thinking: { type: 'enabled', budget_tokens: 8000 } }).request.reasoning_effort).toBe('medium');
    expect(translate({ thinking: { type: 'enabled', budget_tokens: 32000 } }).request.reasoning_effort).toBe('high');
    expect(translate({ thinking: { type: 'disabled' } }).request.reasoning_effort).toBeUndefined();
    const { request, warnings } = translate({ thinking: { type: 'adaptive' }, output_config: { effort: 'max', format: { type: 'json_schema', schema: { type: 'object' } } } });
    expect(request.reasoning_effort).toBe('xhigh');
    expect(request.response_format).toEqual({ type: 'json_schema', json_schema: { name: 'output', schema: { type: 'object' }, strict: true } });
    expect(warnings).toEqual(['output_config.effort max was sent as reasoning_effort xhigh']);
  });

  it('drops what cannot be translated, with a warning each', () => {
    const { request, warnings } = translate({ top_k: 5, container: 'c1', service_tier: 'auto' });
    expect(request).not.toHaveProperty('top_k');
    expect(warnings).toEqual([
      "top_k cannot be translated for a provider without Anthropic's API and was dropped",
      "container cannot be translated for a provider without Anthropic's API and was dropped",
    ]);
  });

  it('refuses malformed requests, naming the field', () => {
    const refused = (body: unknown) => {
      try {
        fromAnthropicRequest(body, []);
      } catch (error) {
        return error as { code: string; param: string | null; status: number };
      }
      throw new Error('not refused');
    };
    expect(refused([])).toMatchObject({ status: 400 });
    expect(refused({ ...base, model: undefined })).toMatchObject({ code: 'invalid_model', param: 'model' });
    expect(refused({ ...base, max_tokens: undefined })).toMatchObject({ code: 'invalid_request', param: 'max_tokens' });
    expect(refused({ ...base, messages: 'hi' })).toMatchObject({ param: 'messages' });
    expect(refused({ ...base, messages: [{ role: 'user', content: [{ type: 'search_result', source: 's' }] }] })).toMatchObject({ param: 'messages[0].content[0]' });
    expect(refused({ ...base, messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'file', file_id: 'f' } }] }] })).toMatchObject({ param: 'messages[0].content[0].source' });
    expect(refused({ ...base, tools: [{ name: 'f' }] })).toMatchObject({ param: 'tools[0].input_schema' });
    expect(refused({ ...base, thinking: { type: 'enabled' } })).toMatchObject({ param: 'thinking.budget_tokens' });
    expect(() => fromAnthropicRequest({ ...base, max_tokens: undefined }, [], { counting: true })).not.toThrow();
  });
});
