import { readFileSync } from 'node:fs';
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpenAIUpstream, startOpenAIUpstream, type UpstreamBehaviour } from '../fake-upstreams/openai-upstream.js';
import { type StartedGateway, startGateway } from '../support/start-gateway.js';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/claude-code/${name}`, import.meta.url), 'utf8'));

/** Headers and bodies shaped like Claude Code's (see `test/fixtures/claude-code/README.md`). */
const headers: Record<string, string> = fixture('headers.json');
const turn1 = fixture('turn-1.request.json');
const turn2Added: unknown[] = fixture('turn-2.added-messages.json');
const answer1: UpstreamBehaviour & { toolCalls: Array<{ id: string; name: string; arguments: string }> } = fixture('turn-1.upstream-answer.json');
const answer2: typeof answer1 = fixture('turn-2.upstream-answer.json');

/**
 * Sends a body as Claude Code does, with its headers, through the official SDK's beta
 * Messages stream (`POST /v1/messages?beta=true`), and reads it with the SDK's stream helpers.
 */
async function replay(origin: string, body: any) {
  const client = new Anthropic({ apiKey: 'sk-ant-claude-code-user', baseURL: `${origin}/anthropic`, maxRetries: 0 });
  const stream = client.beta.messages.stream(body, { headers, query: { beta: 'true' } });
  const events: string[] = [];
  const partialJson: string[] = [];
  for await (const event of stream) {
    events.push(event.type === 'content_block_delta' ? event.delta.type : event.type === 'content_block_start' ? `start:${event.content_block.type}` : event.type);
    if (event.type === 'content_block_delta' && event.delta.type === 'input_json_delta') partialJson.push(event.delta.partial_json);
  }
  const message = await stream.finalMessage();
  const { response } = await stream.withResponse();
  expect(response.url).toBe(`${origin}/anthropic/v1/messages?beta=true`);
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  return { response, message, events, partialJson };
}

describe('a replayed Claude Code session through /anthropic/v1/messages to an OpenAI model', () => {
  let upstream: OpenAIUpstream;
  let served: StartedGateway;

  beforeAll(async () => {
    upstream = await startOpenAIUpstream({ models: ['gpt-4.1'] });
    served = await startGateway({
      config: { providers: { openai: { keys: [{ name: 'o', value: 'sk-test', models: [], weight: 1 }], network_config: { base_url: upstream.url, max_retries: 0 } } } },
    });
  });
  afterAll(async () => {
    await served?.close();
    await upstream?.close();
  });

  it('translates the first turn (cached system blocks, 15 tools, thinking, beta headers) and streams back a correct tool call', async () => {
    upstream.script(answer1);
    const { response, message, events, partialJson } = await replay(served.origin, turn1);

    const sent = upstream.requests.at(-1)!;
    expect(sent.path).toBe('/v1/chat/completions');
    expect(sent.headers.authorization).toBe('Bearer sk-test');
    expect(sent.headers['anthropic-beta']).toBeUndefined();
    expect(sent.rawBody).not.toContain('sk-ant-claude-code-user');
    expect(sent.rawBody).not.toContain('cache_control');
    expect(sent.body).toMatchObject({
      model: 'gpt-4.1',
      stream: true,
      max_completion_tokens: 32000,
      temperature: 1,
      reasoning_effort: 'high',
      user: turn1.metadata.user_id,
    });
    expect(sent.body.messages[0]).toEqual({ role: 'system', content: turn1.system.map((block: { text: string }) => ({ type: 'text', text: block.text })) });
    expect(sent.body.messages[1]).toEqual({ role: 'user', content: turn1.messages[0].content.map((block: { text: string }) => ({ type: 'text', text: block.text })) });
    expect(sent.body.tools).toHaveLength(15);
    sent.body.tools.forEach((tool: { type: string; function: { name: string; description: string; parameters: unknown } }, i: number) => {
      expect(tool).toEqual({ type: 'function', function: { name: turn1.tools[i].name, description: turn1.tools[i].description, parameters: turn1.tools[i].input_schema } });
    });
    expect(response.headers.get('x-switchyard-warnings')).toContain('thinking.budget_tokens 31999 was sent as reasoning_effort high');

    expect(events).toEqual([
      'message_start',
      'start:text',
      'text_delta',
      'text_delta',
      'text_delta',
      'content_block_stop',
      'start:tool_use',
      ...partialJson.map(() => 'input_json_delta'),
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    const upstreamArguments = answer1.toolCalls[0].arguments;
    expect(partialJson.length).toBe(Math.ceil(upstreamArguments.length / 7));
    expect(partialJson.join('')).toBe(upstreamArguments);
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content).toEqual((turn2Added[0] as { content: unknown }).content);
    expect((message.content[1] as { input: unknown }).input).toEqual(JSON.parse(upstreamArguments));
  });

  it('sends the tool_result back in the second turn and streams the next tool call', async () => {
    upstream.script(answer2);
    const { message } = await replay(served.origin, { ...turn1, messages: [...turn1.messages, ...turn2Added] });

    const sent = upstream.requests.at(-1)!.body;
    expect(sent.messages.slice(2)).toEqual([
      {
        role: 'assistant',
        content: "I'll run the failing test first.",
        tool_calls: [{ id: answer1.toolCalls[0].id, type: 'function', function: { name: 'Bash', arguments: expect.any(String) } }],
      },
      { role: 'tool', tool_call_id: answer1.toolCalls[0].id, content: (turn2Added[1] as { content: Array<{ content: string }> }).content[0].content },
    ]);
    expect(JSON.parse(sent.messages[2].tool_calls[0].function.arguments)).toEqual(JSON.parse(answer1.toolCalls[0].arguments));

    expect(message.stop_reason).toBe('tool_use');
    expect(message.content).toEqual([
      { type: 'text', text: answer2.deltas!.join('') },
      { type: 'tool_use', id: answer2.toolCalls[0].id, name: 'Edit', input: JSON.parse(answer2.toolCalls[0].arguments) },
    ]);
  });
});
