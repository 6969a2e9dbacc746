import { describe, expect, it } from 'vitest';
import { fromGeminiRequest } from './from-gemini-request.js';
import { fromGeminiSchema } from './from-gemini-schema.js';

const read = (body: Record<string, unknown>, stream = false) => {
  const warnings: string[] = [];
  const { request, includeThoughts } = fromGeminiRequest(body, 'openai/gpt-4o', stream, warnings);
  return { request, includeThoughts, warnings };
};

describe('fromGeminiRequest', () => {
  it('reads the system instruction, user text, images, audio and documents', () => {
    const { request, warnings } = read({
      systemInstruction: { parts: [{ text: 'Be brief.' }, { text: 'Use French.' }] },
      contents: [
        {
          role: 'user',
          parts: [
            { text: 'What is this?' },
            { inlineData: { mimeType: 'image/png', data: 'iVBO' } },
            { inlineData: { mimeType: 'audio/mpeg', data: 'SUQz' } },
            { inlineData: { mimeType: 'application/pdf', data: 'JVBE' } },
            { fileData: { mimeType: 'image/jpeg', fileUri: 'https://example.com/cat.jpg' } },
          ],
        },
      ],
    });

    expect(request.messages).toEqual([
      { role: 'system', content: 'Be brief.\nUse French.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is this?' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBO' } },
          { type: 'input_audio', input_audio: { data: 'SUQz', format: 'mp3' } },
          { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBE' } },
          { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
        ],
      },
    ]);
    expect(warnings).toEqual([]);
  });

  it('gives function calls without ids stable ones and matches responses by id, then name, then order', () => {
    const contents = [
      { role: 'user', parts: [{ text: 'Weather and time in Paris?' }] },
      {
        role: 'model',
        parts: [
          { text: 'Let me check.', thought: true },
          { functionCall: { name: 'get_weather', args: { city: 'Paris' } } },
          { functionCall: { id: 'given', name: 'get_time', args: {} }, thoughtSignature: 'sig' },
        ],
      },
      { role: 'user', parts: [{ functionResponse: { name: 'get_time', id: 'given', response: { output: '10:00' } } }, { functionResponse: { name: 'get_weather', response: { temp: 21 } } }] },
    ];
    const first = read({ contents }).request.messages;
    const again = read({ contents }).request.messages;

    expect(first).toEqual(again);
    expect(first).toEqual([
      { role: 'user', content: 'Weather and time in Paris?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_1_0', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
          { id: 'given', type: 'function', function: { name: 'get_time', arguments: '{}' }, extra_content: { google: { thought_signature: 'sig' } } },
        ],
      },
      { role: 'tool', tool_call_id: 'given', content: '10:00' },
      { role: 'tool', tool_call_id: 'call_1_0', content: '{"temp":21}' },
    ]);
  });

  it('puts tool results before the user text of the same turn, and refuses a response that answers no call', () => {
    const { request } = read({
      contents: [
        { role: 'model', parts: [{ functionCall: { name: 'f' } }] },
        { role: 'user', parts: [{ text: 'Here:' }, { functionResponse: { name: 'f', response: { result: 'ok' } } }] },
      ],
    });
    expect(request.messages.slice(1)).toEqual([
      { role: 'tool', tool_call_id: 'call_0_0', content: 'ok' },
      { role: 'user', content: 'Here:' },
    ]);

    expect(() => read({ contents: [{ role: 'user', parts: [{ functionResponse: { name: 'f', response: {} } }] }] })).toThrow(/answers no earlier functionCall/);
  });

  it('refuses a body without contents, unknown roles, Gemini-only parts and cached content', () => {
    expect(() => read({})).toThrow(expect.objectContaining({ code: 'invalid_request', param: 'contents' }));
    expect(() => read({ contents: [{ role: 'system', parts: [{ text: 'x' }] }] })).toThrow(/role must be 'user' or 'model'/);
    expect(() => read({ contents: [{ parts: [{ executableCode: { code: 'print(1)' } }] }] })).toThrow(/executableCode/);
    expect(() => read({ contents: [{ parts: [{ text: 'x' }] }], cachedContent: 'cachedContents/1' })).toThrow(/cachedContent/);
  });

  it('maps tools, Schema parameters and each function-calling mode', () => {
    const tools = [
      { functionDeclarations: [{ name: 'a', parameters: { type: 'OBJECT', properties: { n: { type: 'INTEGER', nullable: true, minimum: 1 } }, required: ['n'], propertyOrdering: ['n'] } }] },
      { functionDeclarations: [{ name: 'b', parametersJsonSchema: { type: 'object' } }, { name: 'c' }] },
      { googleSearch: {} },
    ];
    const contents = [{ parts: [{ text: 'x' }] }];
    const auto = read({ contents, tools, toolConfig: { functionCallingConfig: { mode: 'AUTO' } } });
    expect(auto.request.tools).toEqual([
      { type: 'function', function: { name: 'a', parameters: { type: 'object', properties: { n: { type: ['integer', 'null'], minimum: 1 } }, required: ['n'] } } },
      { type: 'function', function: { name: 'b', parameters: { type: 'object' } } },
      { type: 'function', function: { name: 'c' } },
    ]);
    expect(auto.request.tool_choice).toBe('auto');
    expect(auto.warnings).toEqual(['tools[2].googleSearch is a Gemini tool that this model does not have and was dropped']);

    expect(read({ contents, tools, toolConfig: { functionCallingConfig: { mode: 'NONE' } } }).request.tool_choice).toBe('none');
    expect(read({ contents, tools, toolConfig: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['b'] } } }).request.tool_choice).toEqual({ type: 'function', function: { name: 'b' } });
    const some = read({ contents, tools, toolConfig: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['a', 'c'] } } }).request;
    expect([some.tool_choice, some.tools?.map((tool) => tool.function.name)]).toEqual(['required', ['a', 'c']]);
  });

  it('maps generationConfig, reporting what it cannot send', () => {
    const { request, includeThoughts, warnings } = read(
      {
        contents: [{ parts: [{ text: 'x' }] }],
        safetySettings: [{ category: 'HARM_CATEGORY_HATE_SPEECH', threshold: 'BLOCK_NONE' }],
        generationConfig: {
          maxOutputTokens: 100,
          temperature: 0.2,
          topP: 0.9,
          topK: 40,
          stopSequences: ['END'],
          seed: 7,
          candidateCount: 2,
          presencePenalty: 0.1,
          responseMimeType: 'application/json',
          responseSchema: { type: 'OBJECT', properties: { answer: { type: 'STRING' } } },
          thinkingConfig: { thinkingBudget: 5000, includeThoughts: true },
          responseModalities: ['TEXT'],
        },
      },
      true,
    );

    expect(request).toMatchObject({
      model: 'openai/gpt-4o',
      stream: true,
      stream_options: { include_usage: true },
      max_completion_tokens: 100,
      temperature: 0.2,
      top_p: 0.9,
      stop: ['END'],
      seed: 7,
      n: 2,
      presence_penalty: 0.1,
      reasoning_effort: 'medium',
      response_format: { type: 'json_schema', json_schema: { name: 'response', schema: { type: 'object', properties: { answer: { type: 'string' } } } } },
    });
    expect(includeThoughts).toBe(true);
    expect(warnings).toEqual(['safetySettings is not supported by this model and was dropped', 'generationConfig.topK is not supported by this model and was dropped']);
  });

  it('reads thinking levels and budgets as reasoning efforts, and JSON without a schema as json_object', () => {
    const effort = (thinkingConfig: Record<string, unknown>) => read({ contents: [{ parts: [{ text: 'x' }] }], generationConfig: { thinkingConfig } }).request.reasoning_effort;
    expect([effort({ thinkingLevel: 'HIGH' }), effort({ thinkingBudget: 1 }), effort({ thinkingBudget: 100_000 }), effort({ thinkingBudget: -1 }), effort({ thinkingBudget: 0 })]).toEqual([
      'high',
      'low',
      'high',
      undefined,
      undefined,
    ]);
    expect(read({ contents: [{ parts: [{ text: 'x' }] }], generationConfig: { responseMimeType: 'application/json' } }).request.response_format).toEqual({ type: 'json_object' });
  });
});

describe('fromGeminiSchema', () => {
  it('lowers types, keeps constraints, turns counts into numbers and nullable anyOf into a null branch', () => {
    expect(
      fromGeminiSchema({
        type: 'ARRAY',
        minItems: '1',
        items: { anyOf: [{ type: 'STRING', enum: ['a', 'b'] }, { type: 'NUMBER', format: 'double' }], nullable: true },
        example: ['a'],
      }),
    ).toEqual({ type: 'array', minItems: 1, items: { anyOf: [{ type: 'string', enum: ['a', 'b'] }, { type: 'number', format: 'double' }, { type: 'null' }] }, examples: [['a']] });
  });
});
