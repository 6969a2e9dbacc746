import type { ServerResponse } from 'node:http';
import type { ChatCompletion, ChatCompletionChunk } from 'openai/resources/chat/completions';
import { type RecordedRequest, startFakeServer, writeJson, writeSse } from '../conformance/fake-server.js';
import { readOpenAIWireRequest } from '../conformance/openai-wire-upstream.js';
import type { ConformanceUpstream, ReceivedRequest, Script, ScriptedErrorKind, ScriptedReply } from '../conformance/kit.js';

/** Options of `startAzureUpstream`. */
export interface AzureUpstreamOptions {
  /** The key the `api-key` header must carry; any non-empty key passes when unset. */
  apiKey?: string;
}

/** A running fake Azure OpenAI resource: a conformance upstream that also records raw requests. */
export interface AzureUpstream extends ConformanceUpstream {
  readonly requests: readonly RecordedRequest[];
}

const defaultReply: ScriptedReply = { kind: 'reply', text: 'Hello there!', finish: 'stop', usage: { prompt: 9, completion: 3 } };
const deploymentRoute = /^\/openai\/deployments\/([^/]+)\/(chat\/completions|embeddings)$/;
const safe = { hate: { filtered: false, severity: 'safe' }, self_harm: { filtered: false, severity: 'safe' }, sexual: { filtered: false, severity: 'safe' }, violence: { filtered: false, severity: 'safe' } };

/**
 * A fake Azure OpenAI resource on 127.0.0.1 (https://learn.microsoft.com/azure/ai-foundry/openai/reference):
 * `POST /openai/deployments/{deployment}/chat/completions?api-version=...` answers scripts
 * as Azure does (content filter results on choices, a first stream chunk of prompt filter
 * results only, Azure's error bodies), and `.../embeddings` answers a vector per input.
 * The `api-key` header and the `api-version` query are checked first, as Azure does.
 */
export async function startAzureUpstream(options: AzureUpstreamOptions = {}): Promise<AzureUpstream> {
  const queue: Script[] = [];
  const received: ReceivedRequest[] = [];
  let count = 0;
  const server = await startFakeServer((request, res) => {
    const [path, query = ''] = request.url.split('?');
    const key = request.headers['api-key'];
    if (typeof key !== 'string' || key === '' || (options.apiKey !== undefined && key !== options.apiKey)) {
      return writeJson(res, 401, errorAnswers.auth.body);
    }
    const route = request.method === 'POST' ? deploymentRoute.exec(path) : null;
    if (!route || !/(^|&)api-version=[^&]+/.test(query)) return writeJson(res, 404, { error: { code: '404', message: 'Resource not found' } });
    const body = request.body as Record<string, any>;
    const deployment = decodeURIComponent(route[1]);
    if (route[2] === 'embeddings') return writeJson(res, 200, embeddingsOf(body, deployment));
    received.push(readOpenAIWireRequest(request, deployment));
    answer(res, queue.shift() ?? defaultReply, body.stream === true, `chatcmpl-AzureFake${++count}`);
  });
  return {
    url: server.url,
    requests: server.requests,
    enqueue: (script) => void queue.push(script),
    received: () => received,
    nextAbort: () => server.nextAbort(),
    close: () => server.close(),
  };
}

/** Azure's error answers, as its data plane sends them. */
export const errorAnswers: Record<ScriptedErrorKind, { status: number; body: { error: Record<string, unknown> } }> = {
  'rate-limit': {
    status: 429,
    body: { error: { code: '429', message: 'Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2024-10-21 have exceeded token rate limit of your current OpenAI S0 pricing tier. Please retry after 1 second.' } },
  },
  overloaded: { status: 503, body: { error: { code: 'ServiceUnavailable', message: 'The service is temporarily unable to process your request. Please try again later.' } } },
  auth: {
    status: 401,
    body: { error: { code: '401', message: 'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.' } },
  },
  'context-length': {
    status: 400,
    body: { error: { message: "This model's maximum context length is 128000 tokens. However, your messages resulted in 131072 tokens.", type: 'invalid_request_error', param: 'messages', code: 'context_length_exceeded' } },
  },
  'content-policy': {
    status: 400,
    body: {
      error: {
        message: "The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please modify your prompt and retry.",
        type: null,
        param: 'prompt',
        code: 'content_filter',
        status: 400,
        innererror: { code: 'ResponsibleAIPolicyViolation', content_filter_result: { ...safe, violence: { filtered: true, severity: 'high' } } },
      },
    },
  },
  'server-error': { status: 500, body: { error: { code: 'InternalServerError', message: 'The server had an error while processing your request. Sorry about that!' } } },
};

const finishReasons: Record<ScriptedReply['finish'], ChatCompletion.Choice['finish_reason']> = {
  stop: 'stop',
  stop_sequence: 'stop',
  length: 'length',
  tool_calls: 'tool_calls',
  content_filter: 'content_filter',
};

function usageOf(reply: ScriptedReply): NonNullable<ChatCompletion['usage']> {
  const { prompt, completion, cachedPrompt, reasoning } = reply.usage;
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: cachedPrompt ?? 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: reasoning ?? 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

function answer(res: ServerResponse, script: Script, stream: boolean, id: string): void {
  const base = { id, created: 1_735_689_600, model: 'gpt-4o-2024-11-20', system_fingerprint: 'fp_ee1d74bde0' };
  if (script.kind === 'error') {
    const { status, body } = errorAnswers[script.error];
    return writeJson(res, status, body, status === 429 ? { 'retry-after': '1' } : {});
  }
  const filtered = script.kind === 'reply' && script.finish === 'content_filter';
  const filterResults = filtered ? { ...safe, violence: { filtered: true, severity: 'medium' } } : safe;
  // Azure's first stream chunk carries only the prompt's filter results.
  const promptFilter = { data: JSON.stringify({ choices: [], created: 0, id: '', model: '', object: '', prompt_filter_results: [{ prompt_index: 0, content_filter_results: safe }] }) };
  const chunk = (delta: ChatCompletionChunk.Choice.Delta, finish: ChatCompletionChunk.Choice['finish_reason'] = null) => {
    const choice = { index: 0, delta, logprobs: null, finish_reason: finish } satisfies ChatCompletionChunk.Choice;
    const choices = [{ ...choice, content_filter_results: finish ? filterResults : safe }];
    return { data: JSON.stringify({ ...({ ...base, object: 'chat.completion.chunk', choices: [] } satisfies ChatCompletionChunk), choices }) };
  };
  if (script.kind === 'stall' || script.kind === 'stream-failure') {
    const events = [promptFilter, chunk({ role: 'assistant', content: script.textBefore })];
    if (script.kind === 'stream-failure') events.push({ data: JSON.stringify(errorAnswers[script.error].body) });
    return writeSse(res, events, { stall: script.kind === 'stall' });
  }
  const toolCalls = script.toolCalls?.map((call) => ({ id: call.id, type: 'function' as const, function: { name: call.name, arguments: call.arguments } }));
  if (!stream) {
    const message = { role: 'assistant' as const, content: script.text ?? null, refusal: null, ...(toolCalls ? { tool_calls: toolCalls } : {}) };
    // Reasoning models Azure hosts that show their reasoning (DeepSeek-R1) send it as `reasoning_content`.
    const withReasoning = script.reasoning ? { ...message, reasoning_content: script.reasoning } : message;
    const completion = { ...base, object: 'chat.completion', choices: [{ index: 0, message: withReasoning, logprobs: null, finish_reason: finishReasons[script.finish] }], usage: usageOf(script) } satisfies ChatCompletion;
    const choices = completion.choices.map((choice) => ({ ...choice, content_filter_results: filterResults }));
    return writeJson(res, 200, { ...completion, choices, prompt_filter_results: [{ prompt_index: 0, content_filter_results: safe }] });
  }
  const events = [promptFilter, chunk({ role: 'assistant', content: '', refusal: null })];
  if (script.reasoning) events.push(chunk({ reasoning_content: script.reasoning } as ChatCompletionChunk.Choice.Delta));
  if (script.text) for (const piece of script.text.match(/.{1,4}/gs) ?? []) events.push(chunk({ content: piece }));
  script.toolCalls?.forEach((call, index) => {
    events.push(chunk({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] }));
    for (const piece of call.arguments.match(/.{1,5}/gs) ?? []) events.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
  });
  events.push(chunk({}, finishReasons[script.finish]));
  events.push({ data: JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [], usage: usageOf(script) } satisfies ChatCompletionChunk) });
  events.push({ data: '[DONE]' });
  writeSse(res, events);
}

function embeddingsOf(body: Record<string, any>, deployment: string) {
  const inputs: unknown[] = Array.isArray(body.input) ? body.input : [body.input];
  return {
    object: 'list',
    model: deployment,
    data: inputs.map((_, index) => ({ object: 'embedding', index, embedding: [0.25 * (index + 1), -0.5, 0.75] })),
    usage: { prompt_tokens: inputs.length * 3, total_tokens: inputs.length * 3 },
  };
}
