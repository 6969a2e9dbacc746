import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatRequest, ChatResponse, StreamChunk } from '../../src/api/index.js';
import { createGateway, type Gateway } from '../../src/index.js';
import { adapters } from '../../src/providers/registry.js';
import type { ProviderCapabilities } from '../../src/providers/contract.js';
import { StreamCollector } from '../../src/streaming/collect-stream.js';
import { silentLogger } from '../support/start-gateway.js';
import type { ConformanceKit, ConformanceUpstream, ReceivedRequest, Scenario, Script, ScriptedErrorKind, ScriptedReply } from './kit.js';

/** How each scripted provider error must surface, unless a kit says otherwise. */
export const expectedErrors: Record<ScriptedErrorKind, { code: string; status: number }> = {
  'rate-limit': { code: 'rate_limited', status: 429 },
  overloaded: { code: 'upstream_overloaded', status: 503 },
  auth: { code: 'provider_auth_failed', status: 502 },
  'context-length': { code: 'context_length_exceeded', status: 400 },
  'content-policy': { code: 'content_policy_violation', status: 400 },
  'server-error': { code: 'upstream_error', status: 502 },
};

/** The capability a scenario needs; a kit may skip a scenario only when its adapter declares that capability false. */
const needs: Partial<Record<Scenario, keyof ProviderCapabilities>> = {
  tools: 'tools',
  'parallel-tools': 'tools',
  'tool-result-round-trip': 'tools',
  'vision-base64': 'vision',
  'json-schema': 'jsonSchema',
  reasoning: 'reasoning',
};

/** A request that needs a capability the provider lacks; it must fail with a caller error, never pass silently. */
const lackingRequests: Partial<Record<Scenario, (model: string) => ChatRequest>> = {
  tools: (model) => ({ model, messages: [{ role: 'user', content: 'hi' }], tools: [weatherTool] }),
  'vision-base64': (model) => ({ model, messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: pngDataUrl } }] }] }),
  'vision-url': (model) => ({ model, messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/cat.png' } }] }] }),
  'json-schema': (model) => ({ model, messages: [{ role: 'user', content: 'hi' }], response_format: { type: 'json_schema', json_schema: { name: 'w', schema: weatherSchema } } }),
};

const weatherSchema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
const weatherTool = { type: 'function' as const, function: { name: 'get_weather', description: 'Current weather of a city', parameters: weatherSchema } };
const timeTool = { type: 'function' as const, function: { name: 'get_time', description: 'Current time in a city', parameters: weatherSchema } };
const pngBase64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const pngDataUrl = `data:image/png;base64,${pngBase64}`;

const reply = (fields: Partial<ScriptedReply> = {}): ScriptedReply => ({
  kind: 'reply',
  text: 'Hello there!',
  finish: 'stop',
  usage: { prompt: 9, completion: 3 },
  ...fields,
});

/**
 * Runs the shared provider conformance suite over one kit: every scenario sends an
 * OpenAI-shaped request through `createGateway`, non-streaming and streaming, and
 * checks both what the provider received and what the caller got back.
 */
export function runConformance(kit: ConformanceKit): void {
  const errorsExpected = { ...expectedErrors, ...kit.errors };
  const model = `${kit.provider}/${kit.model}`;
  let upstream: ConformanceUpstream;
  let gateway: Gateway;

  const chat = async (request: Omit<ChatRequest, 'model'>, script: Script): Promise<{ response: ChatResponse; received: ReceivedRequest }> => {
    upstream.enqueue(script);
    const response = await gateway.chat({ model, ...request } as ChatRequest);
    return { response, received: upstream.received().at(-1)! };
  };
  const stream = async (
    request: Omit<ChatRequest, 'model'>,
    script: Script,
  ): Promise<{ chunks: StreamChunk[]; response: ChatResponse; received: ReceivedRequest }> => {
    upstream.enqueue(script);
    const chunks: StreamChunk[] = [];
    const collector = new StreamCollector();
    for await (const chunk of gateway.chatStream({ model, ...request, stream: true, stream_options: { include_usage: true } } as ChatRequest)) {
      chunks.push(chunk);
      collector.add(chunk);
    }
    return { chunks, response: collector.response(), received: upstream.received().at(-1)! };
  };
  /** Both ways: the same request non-streaming and streaming, each checked by `check`. */
  const both = async (request: Omit<ChatRequest, 'model'>, script: Script, check: (response: ChatResponse, received: ReceivedRequest, streamed: boolean) => void) => {
    const plain = await chat(request, script);
    expect(plain.received.stream, 'non-streaming call sent as a stream').toBe(false);
    check(plain.response, plain.received, false);
    const streamed = await stream(request, script);
    expect(streamed.received.stream, 'streaming call not sent as a stream').toBe(true);
    expect(streamed.chunks[0]?.type).toBe('start');
    expect(streamed.chunks.filter((chunk) => chunk.type === 'error')).toEqual([]);
    check(streamed.response, streamed.received, true);
  };

  const scenario = (name: Scenario, test: () => Promise<void>) => {
    const reason = kit.skips?.[name];
    if (reason === undefined) return it(name, test, 20_000);
    const lacking = lackingRequests[name];
    if (lacking) {
      it(`${name}: skipped (${reason}); such a request is refused with a clear caller error`, async () => {
        const failure = await gateway.chat(lacking(model)).then(
          () => undefined,
          (error: unknown) => error,
        );
        expect(failure, 'a request the provider cannot serve passed silently').toMatchObject({ name: 'GatewayError' });
        expect((failure as { status: number }).status).toBeGreaterThanOrEqual(400);
        expect((failure as { status: number }).status).toBeLessThan(500);
      });
    } else {
      it.skip(`${name} (skipped: ${reason})`, test);
    }
  };

  describe(`provider conformance: ${kit.provider}`, () => {
    beforeAll(async () => {
      upstream = await kit.startUpstream();
      const config = kit.providerConfig(upstream);
      const network = { ...(config.network_config as Record<string, unknown> | undefined), base_url: upstream.url, max_retries: 0 };
      // one gateway for every scenario, error scenarios included: a circuit that never opens (circuit breaking has its own tests)
      const routing = { circuit_breaker: { consecutive_failures: 1000, min_requests: 1000 } };
      gateway = createGateway({ logger: silentLogger, config: { routing, providers: { [kit.provider]: { ...config, network_config: network } } } });
      await gateway.ready();
    });
    afterAll(async () => {
      await gateway?.close();
      await upstream?.close();
    });

    it('declares skips only for capabilities its adapter lacks, each with a reason', () => {
      const adapter = adapters.get(kit.provider);
      expect(adapter, `no adapter is registered as '${kit.provider}'`).toBeDefined();
      for (const [name, reason] of Object.entries(kit.skips ?? {})) {
        expect(reason, `skip of ${name} needs a reason`).toMatch(/\S/);
        const capability = needs[name as Scenario];
        if (capability) expect(adapter!.capabilities[capability], `${name} is skipped but capabilities.${capability} is true`).toBe(false);
      }
      for (const [name, capability] of Object.entries(needs)) {
        if (!adapter!.capabilities[capability]) expect(kit.skips?.[name as Scenario], `capabilities.${capability} is false but ${name} is not skipped`).toBeDefined();
      }
    });

    scenario('plain-chat', async () => {
      await both({ messages: [{ role: 'user', content: 'Say hello' }] }, reply(), (response, received) => {
        expect(received.model).toBe(kit.model);
        expect(received.messages).toMatchObject([{ role: 'user', text: 'Say hello' }]);
        expect(received.system).toBeUndefined();
        expect(response.choices).toHaveLength(1);
        expect(response.choices[0]).toMatchObject({ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'Hello there!' } });
        expect(response.id).toMatch(/\S/);
      });
    });

    scenario('multi-turn', async () => {
      const messages: ChatRequest['messages'] = [
        { role: 'user', content: 'My name is Ada.' },
        { role: 'assistant', content: 'Nice to meet you, Ada.' },
        { role: 'user', content: [{ type: 'text', text: 'What is my name?' }] },
      ];
      await both({ messages }, reply({ text: 'Ada.' }), (response, received) => {
        expect(received.messages.map(({ role, text }) => ({ role, text }))).toEqual([
          { role: 'user', text: 'My name is Ada.' },
          { role: 'assistant', text: 'Nice to meet you, Ada.' },
          { role: 'user', text: 'What is my name?' },
        ]);
        expect(response.choices[0]!.message.content).toBe('Ada.');
      });
    });

    scenario('system-prompt', async () => {
      const messages: ChatRequest['messages'] = [
        { role: 'system', content: 'You are terse.' },
        { role: 'developer', content: 'Answer in French.' },
        { role: 'user', content: 'Hi' },
      ];
      await both({ messages }, reply({ text: 'Salut.' }), (response, received) => {
        expect(received.system).toContain('You are terse.');
        expect(received.system).toContain('Answer in French.');
        expect(received.messages.map(({ role, text }) => ({ role, text }))).toEqual([{ role: 'user', text: 'Hi' }]);
        expect(response.choices[0]!.message.content).toBe('Salut.');
      });
    });

    scenario('tools', async () => {
      const script = reply({ text: undefined, toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }], finish: 'tool_calls' });
      await both({ messages: [{ role: 'user', content: 'Weather in Paris?' }], tools: [weatherTool], tool_choice: 'auto' }, script, (response, received) => {
        expect(received.tools).toEqual([{ name: 'get_weather', description: 'Current weather of a city', parameters: weatherSchema }]);
        const choice = response.choices[0]!;
        expect(choice.finish_reason).toBe('tool_calls');
        expect(choice.message.tool_calls).toHaveLength(1);
        const call = choice.message.tool_calls![0]!;
        expect(call.id).toMatch(/\S/);
        expect(call.type).toBe('function');
        expect(call.function.name).toBe('get_weather');
        expect(JSON.parse(call.function.arguments)).toEqual({ city: 'Paris' });
      });
    });

    scenario('tool-choice', async () => {
      const choices: Array<[ChatRequest['tool_choice'], ReceivedRequest['toolChoice']]> = [
        ['auto', 'auto'],
        ['required', 'required'],
      ];
      for (const [toolChoice, expected] of choices) {
        const { received } = await chat({ messages: [{ role: 'user', content: 'Weather?' }], tools: [weatherTool], tool_choice: toolChoice }, reply());
        expect(received.toolChoice, `tool_choice ${JSON.stringify(toolChoice)}`).toEqual(expected);
      }
      // A named function: the provider's own way, or (for a provider without one) only that tool, required.
      const named = await chat(
        { messages: [{ role: 'user', content: 'Weather?' }], tools: [timeTool, weatherTool], tool_choice: { type: 'function', function: { name: 'get_weather' } } },
        reply(),
      );
      if (named.received.toolChoice === 'required') expect(named.received.tools.map((tool) => tool.name)).toEqual(['get_weather']);
      else expect(named.received.toolChoice).toEqual({ name: 'get_weather' });
      const { received } = await chat({ messages: [{ role: 'user', content: 'Weather?' }], tools: [weatherTool], tool_choice: 'none' }, reply());
      // A provider without a "none" mode is sent no tools at all: the same effect.
      if (received.tools.length > 0) expect(received.toolChoice).toBe('none');
    });

    scenario('parallel-tools', async () => {
      const script = reply({
        text: undefined,
        toolCalls: [
          { id: 'call_a', name: 'get_weather', arguments: '{"city":"Paris"}' },
          { id: 'call_b', name: 'get_weather', arguments: '{"city":"Rome"}' },
        ],
        finish: 'tool_calls',
      });
      await both({ messages: [{ role: 'user', content: 'Paris and Rome?' }], tools: [weatherTool] }, script, (response) => {
        const calls = response.choices[0]!.message.tool_calls ?? [];
        expect(calls.map((call) => [call.function.name, JSON.parse(call.function.arguments)])).toEqual([
          ['get_weather', { city: 'Paris' }],
          ['get_weather', { city: 'Rome' }],
        ]);
        expect(new Set(calls.map((call) => call.id)).size).toBe(2);
        expect(response.choices[0]!.finish_reason).toBe('tool_calls');
      });
    });

    scenario('tool-result-round-trip', async () => {
      const messages: ChatRequest['messages'] = [
        { role: 'user', content: 'Paris and Rome?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
            { id: 'call_b', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_a', content: '18C' },
        { role: 'tool', tool_call_id: 'call_b', content: '21C' },
      ];
      await both({ messages, tools: [weatherTool] }, reply({ text: 'Paris 18C, Rome 21C.' }), (response, received) => {
        const assistant = received.messages.find((message) => message.role === 'assistant');
        expect(assistant?.toolCalls).toEqual([
          { id: 'call_a', name: 'get_weather', arguments: { city: 'Paris' } },
          { id: 'call_b', name: 'get_weather', arguments: { city: 'Rome' } },
        ]);
        const results = received.messages.flatMap((message) => message.toolResults);
        expect(results).toEqual([
          { id: 'call_a', content: '18C' },
          { id: 'call_b', content: '21C' },
        ]);
        const assistantAt = received.messages.indexOf(assistant!);
        const firstResultAt = received.messages.findIndex((message) => message.toolResults.length > 0);
        expect(firstResultAt).toBeGreaterThan(assistantAt);
        expect(response.choices[0]!.message.content).toBe('Paris 18C, Rome 21C.');
      });
    });

    scenario('vision-base64', async () => {
      const content = [
        { type: 'text' as const, text: 'What is this?' },
        { type: 'image_url' as const, image_url: { url: pngDataUrl } },
      ];
      await both({ messages: [{ role: 'user', content }] }, reply({ text: 'A pixel.' }), (response, received) => {
        expect(received.messages).toMatchObject([{ role: 'user', text: 'What is this?', images: [{ mediaType: 'image/png', base64: pngBase64 }] }]);
        expect(response.choices[0]!.message.content).toBe('A pixel.');
      });
    });

    scenario('vision-url', async () => {
      const content = [
        { type: 'text' as const, text: 'What is this?' },
        { type: 'image_url' as const, image_url: { url: 'https://example.com/cat.png' } },
      ];
      await both({ messages: [{ role: 'user', content }] }, reply({ text: 'A cat.' }), (response, received) => {
        expect(received.messages).toMatchObject([{ role: 'user', text: 'What is this?', images: [{ url: 'https://example.com/cat.png' }] }]);
        expect(response.choices[0]!.message.content).toBe('A cat.');
      });
    });

    scenario('json-schema', async () => {
      const request = {
        messages: [{ role: 'user' as const, content: 'Weather as JSON' }],
        response_format: { type: 'json_schema' as const, json_schema: { name: 'weather', schema: weatherSchema, strict: true } },
      };
      await both(request, reply({ text: '{"city":"Paris"}' }), (response, received) => {
        expect(received.jsonSchema).toEqual(weatherSchema);
        expect(JSON.parse(response.choices[0]!.message.content ?? 'null')).toEqual({ city: 'Paris' });
        expect(response.choices[0]!.finish_reason).toBe('stop');
      });
    });

    scenario('json-object', async () => {
      const request = { messages: [{ role: 'user' as const, content: 'Weather as JSON' }], response_format: { type: 'json_object' as const } };
      await both(request, reply({ text: '{"city":"Paris"}' }), (response, received) => {
        expect(received.jsonObject || received.jsonSchema !== undefined, 'JSON output was not asked of the provider').toBe(true);
        expect(JSON.parse(response.choices[0]!.message.content ?? 'null')).toEqual({ city: 'Paris' });
      });
    });

    scenario('stop', async () => {
      await both({ messages: [{ role: 'user', content: 'Count' }], stop: ['END'] }, reply({ text: '1 2 3 ', finish: 'stop_sequence' }), (response, received) => {
        expect(received.stop).toEqual(['END']);
        expect(response.choices[0]!.finish_reason).toBe('stop');
      });
      const { received } = await chat({ messages: [{ role: 'user', content: 'Count' }], stop: 'HALT' }, reply());
      expect(received.stop).toEqual(['HALT']);
    });

    scenario('max-tokens', async () => {
      const first = await chat({ messages: [{ role: 'user', content: 'Hi' }], max_completion_tokens: 50 }, reply());
      expect(first.received.maxTokens).toBe(50);
      const second = await chat({ messages: [{ role: 'user', content: 'Hi' }], max_tokens: 40 }, reply());
      expect(second.received.maxTokens).toBe(40);
    });

    scenario('sampling', async () => {
      const { received } = await chat({ messages: [{ role: 'user', content: 'Hi' }], temperature: 0.3, top_p: 0.9 }, reply());
      expect(received.temperature).toBeCloseTo(0.3);
      expect(received.topP).toBeCloseTo(0.9);
    });

    scenario('usage', async () => {
      await both({ messages: [{ role: 'user', content: 'Hi' }] }, reply({ usage: { prompt: 20, completion: 7 } }), (response) => {
        expect(response.usage).toMatchObject({ prompt_tokens: 20, completion_tokens: 7, total_tokens: 27 });
      });
    });

    scenario('cached-usage', async () => {
      await both({ messages: [{ role: 'user', content: 'Hi' }] }, reply({ usage: { prompt: 30, completion: 5, cachedPrompt: 10 } }), (response) => {
        expect(response.usage).toMatchObject({ prompt_tokens: 30, completion_tokens: 5, total_tokens: 35, prompt_tokens_details: { cached_tokens: 10 } });
      });
    });

    scenario('reasoning', async () => {
      const script = reply({ reasoning: 'Two plus two is four.', text: '4', usage: { prompt: 12, completion: 10, reasoning: 6 } });
      await both({ messages: [{ role: 'user', content: '2+2?' }], reasoning_effort: 'low' }, script, (response) => {
        expect(response.choices[0]!.message.reasoning_content).toBe('Two plus two is four.');
        expect(response.choices[0]!.message.content).toBe('4');
        expect(response.usage).toMatchObject({ completion_tokens: 10 });
        if (kit.reportsReasoningTokens !== false) expect(response.usage).toMatchObject({ completion_tokens_details: { reasoning_tokens: 6 } });
      });
    });

    scenario('finish-length', async () => {
      await both({ messages: [{ role: 'user', content: 'Long story' }], max_tokens: 3 }, reply({ text: 'Once upon a', finish: 'length' }), (response) => {
        expect(response.choices[0]!.finish_reason).toBe('length');
        expect(response.choices[0]!.message.content).toBe('Once upon a');
      });
    });

    scenario('finish-content-filter', async () => {
      await both({ messages: [{ role: 'user', content: 'Something' }] }, reply({ text: '', finish: 'content_filter' }), (response) => {
        expect(response.choices[0]!.finish_reason).toBe('content_filter');
      });
    });

    scenario('error-mapping', async () => {
      for (const [kind, expected] of Object.entries(errorsExpected)) {
        upstream.enqueue({ kind: 'error', error: kind as ScriptedErrorKind });
        await expect(gateway.chat({ model, messages: [{ role: 'user', content: 'Hi' }] }), `${kind} (non-streaming)`).rejects.toMatchObject(expected);
        upstream.enqueue({ kind: 'error', error: kind as ScriptedErrorKind });
        const iterator = gateway.chatStream({ model, messages: [{ role: 'user', content: 'Hi' }], stream: true });
        await expect(iterator.next(), `${kind} (streaming, before output)`).rejects.toMatchObject(expected);
      }
    });

    scenario('stream-error', async () => {
      const { chunks } = await stream({ messages: [{ role: 'user', content: 'Hi' }] }, { kind: 'stream-failure', textBefore: 'Partial ', error: 'overloaded' });
      const text = chunks.flatMap((chunk) => (chunk.type === 'text-delta' ? [chunk.text] : [])).join('');
      expect(text).toBe('Partial ');
      const last = chunks.at(-1);
      expect(last?.type).toBe('error');
      expect(last).toMatchObject({ type: 'error', error: { code: expect.stringMatching(/^upstream_(overloaded|error|unreachable)$/) } });
    });

    scenario('abort-mid-stream', async () => {
      upstream.enqueue({ kind: 'stall', textBefore: 'Partial ' });
      const controller = new AbortController();
      const aborted = upstream.nextAbort();
      const seen: string[] = [];
      const reading = (async () => {
        for await (const chunk of gateway.chatStream({ model, messages: [{ role: 'user', content: 'Hi' }], stream: true }, { signal: controller.signal })) {
          if (chunk.type === 'text-delta') {
            seen.push(chunk.text);
            controller.abort();
          }
        }
      })();
      await reading.catch(() => undefined);
      expect(seen.join('')).toBe('Partial ');
      await aborted;
    });
  });
}
