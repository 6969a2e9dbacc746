import type { ServerResponse } from 'node:http';
import { type RecordedRequest, startFakeServer, writeJson, writeSse } from '../conformance/fake-server.js';
import type { ConformanceUpstream, ReceivedMessage, ReceivedRequest, Script } from '../conformance/kit.js';
import { blockedPromptAnswer, googleErrors, toGeminiAnswer, toGeminiEmbeddings, toGeminiStreamEvents } from './gemini-wire.js';

/** Options of `startGeminiUpstream`. */
export interface GeminiUpstreamOptions {
  /** The key the fake accepts in `x-goog-api-key`; another key gets Google's `API_KEY_INVALID` answer. */
  apiKey?: string;
  /** Model names of `GET /v1beta/models` (without `models/`), served two per page. */
  models?: string[];
  /** Whether function calls carry an `id` (newer API versions send one). */
  functionCallIds?: boolean;
}

/** A fake Gemini API: a conformance upstream that also serves embeddings and the model list, and exposes the raw requests. */
export interface GeminiUpstream extends ConformanceUpstream {
  /** Every request received, as sent (method, path with query, headers, body). */
  readonly requests: readonly RecordedRequest[];
}

const generate = /^\/v1beta\/models\/([^/:]+):(generateContent|streamGenerateContent|batchEmbedContents|embedContent|countTokens)$/;

/**
 * Starts a fake of Google's Gemini API (`/v1beta/models/{model}:generateContent`,
 * `:streamGenerateContent?alt=sse`, `:batchEmbedContents`, `:embedContent`, `:countTokens`
 * (a word count), `GET /v1beta/models`) on
 * 127.0.0.1. Chat calls are answered from provider-neutral scripts and read back into
 * neutral terms (`received()`), as the conformance suite expects.
 */
export async function startGeminiUpstream(options: GeminiUpstreamOptions = {}): Promise<GeminiUpstream> {
  const queue: Script[] = [];
  const received: ReceivedRequest[] = [];
  let answers = 0;
  const models = options.models ?? ['gemini-2.5-flash', 'gemini-2.5-pro', 'gemini-embedding-001'];
  const server = await startFakeServer((request, res) => {
    const [path, query = ''] = request.url.split('?');
    if (options.apiKey !== undefined && request.headers['x-goog-api-key'] !== options.apiKey) return writeJson(res, googleErrors.auth.status, googleErrors.auth.body);
    if (request.method === 'GET' && path === '/v1beta/models') return writeJson(res, 200, modelPage(models, new URLSearchParams(query).get('pageToken')));
    const match = request.method === 'POST' ? generate.exec(path!) : null;
    if (!match) return writeJson(res, 404, { error: { code: 404, message: `no route ${request.method} ${request.url}`, status: 'NOT_FOUND' } });
    const [, model, method] = match;
    if (method === 'batchEmbedContents') return writeJson(res, 200, toGeminiEmbeddings(request.body));
    if (method === 'embedContent') return writeJson(res, 200, { embedding: toGeminiEmbeddings({ requests: [request.body] }).embeddings[0] });
    if (method === 'countTokens') return writeJson(res, 200, { totalTokens: JSON.stringify(request.body).split(/\W+/).length, promptTokensDetails: [{ modality: 'TEXT' }] });
    const stream = method === 'streamGenerateContent';
    if (stream && query !== 'alt=sse') return writeJson(res, 400, { error: { code: 400, message: 'expected ?alt=sse', status: 'INVALID_ARGUMENT' } });
    received.push(readGeminiRequest(request, model!, stream));
    const script = queue.shift() ?? { kind: 'reply', text: 'Hello there!', finish: 'stop', usage: { prompt: 9, completion: 3 } };
    answer(res, script, stream, `resp-${++answers}`, options.functionCallIds === true);
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

function modelPage(models: string[], token: string | null): Record<string, unknown> {
  const start = token === null ? 0 : Number(token);
  const page = models.slice(start, start + 2).map((name) => ({ name: `models/${name}`, displayName: name, supportedGenerationMethods: ['generateContent'] }));
  return start + 2 < models.length ? { models: page, nextPageToken: String(start + 2) } : { models: page };
}

function answer(res: ServerResponse, script: Script, stream: boolean, responseId: string, withIds: boolean): void {
  if (script.kind === 'error') {
    if (script.error === 'content-policy') {
      return stream ? writeSse(res, [{ data: JSON.stringify(blockedPromptAnswer(responseId)) }]) : writeJson(res, 200, blockedPromptAnswer(responseId));
    }
    const { status, body } = googleErrors[script.error];
    return writeJson(res, status, body);
  }
  if (script.kind === 'stall' || script.kind === 'stream-failure') {
    const events = [{ data: JSON.stringify({ candidates: [{ content: { parts: [{ text: script.textBefore }], role: 'model' }, index: 0 }], responseId }) }];
    if (script.kind === 'stream-failure') {
      const error = script.error === 'content-policy' ? googleErrors['server-error'] : googleErrors[script.error];
      events.push({ data: JSON.stringify(error.body) });
    }
    return writeSse(res, events, { stall: script.kind === 'stall' });
  }
  if (!stream) return writeJson(res, 200, toGeminiAnswer(script, responseId, withIds));
  writeSse(res, toGeminiStreamEvents(script, responseId, withIds).map((data) => ({ data })));
}

/** Reads a `generateContent` body back into neutral terms. */
export function readGeminiRequest(request: RecordedRequest, model: string, stream: boolean): ReceivedRequest {
  const body = request.body as Record<string, any>;
  const config = (body.generationConfig ?? {}) as Record<string, any>;
  const calling = body.toolConfig?.functionCallingConfig;
  const system = (body.systemInstruction?.parts ?? []).map((part: { text?: string }) => part.text ?? '');
  return {
    model,
    stream,
    system: system.length > 0 ? system.join('\n') : undefined,
    messages: (body.contents ?? []).map(readContent),
    tools: (body.tools ?? []).flatMap((tool: any) =>
      (tool.functionDeclarations ?? []).map((declaration: any) => ({ name: declaration.name, description: declaration.description, parameters: declaration.parametersJsonSchema })),
    ),
    toolChoice:
      calling === undefined ? undefined
      : calling.mode === 'ANY' && calling.allowedFunctionNames?.length === 1 ? { name: calling.allowedFunctionNames[0] }
      : ({ AUTO: 'auto', NONE: 'none', ANY: 'required' } as const)[calling.mode as 'AUTO' | 'NONE' | 'ANY'],
    stop: config.stopSequences,
    maxTokens: config.maxOutputTokens,
    temperature: config.temperature,
    topP: config.topP,
    jsonSchema: config.responseJsonSchema,
    jsonObject: config.responseMimeType === 'application/json' && config.responseJsonSchema === undefined,
    headers: request.headers,
  };
}

function readContent(content: { role?: string; parts?: Array<Record<string, any>> }): ReceivedMessage {
  const message: ReceivedMessage = { role: content.role === 'model' ? 'assistant' : 'user', text: '', images: [], toolCalls: [], toolResults: [] };
  const texts: string[] = [];
  for (const part of content.parts ?? []) {
    if (typeof part.text === 'string') texts.push(part.text);
    else if (part.inlineData) message.images.push({ mediaType: part.inlineData.mimeType, base64: part.inlineData.data });
    else if (part.fileData) message.images.push({ url: part.fileData.fileUri });
    else if (part.functionCall) message.toolCalls.push({ id: part.functionCall.id, name: part.functionCall.name, arguments: part.functionCall.args });
    else if (part.functionResponse) message.toolResults.push({ id: part.functionResponse.id, content: String(part.functionResponse.response?.output ?? '') });
  }
  message.text = texts.join('\n');
  return message;
}
