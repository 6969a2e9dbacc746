import type { ChatRequest, ChatResponse, Embedding, EmbeddingRequest, EmbeddingResponse, StreamChunk } from '../../api/index.js';
import { errors } from '../../errors/index.js';
import { readErrorText, readJsonBody } from '../../http/read-json-body.js';
import type { UpstreamResponse } from '../../http/upstream-client.js';
import { toTransportError } from '../../http/upstream-client.js';
import { decodeAwsEventStream } from '../../streaming/decode-aws-event-stream.js';
import type { AdapterCall, ProviderAdapter } from '../contract.js';
import { joinUrl } from '../shared/join-url.js';
import { bedrockDirectKey, bedrockHeaders, bedrockOrigin } from './auth.js';
import { checkBedrockKey } from './check-key.js';
import { bedrockEmbeddingFamily, fromBedrockEmbeddingAnswer, toBedrockEmbeddingCalls } from './embeddings.js';
import { fromBedrockError } from './errors.js';
import { bedrockModelPath, toBedrockModelId } from './model-id.js';
import { toBedrockConverseRequest } from './request.js';
import { bedrockAnswerContext, fromBedrockConverseResponse } from './response.js';
import { mapBedrockStream } from './stream.js';

const post = (call: AdapterCall<unknown>, path: string, body: string, accept?: string): Promise<UpstreamResponse> => {
  const url = joinUrl(bedrockOrigin(call.settings, call.key), path);
  return call.http.send({
    provider: call.settings.provider,
    url,
    method: 'POST',
    headers: bedrockHeaders(call.key, call.settings, url, body, accept, call.forwardHeaders),
    body,
    signal: call.signal,
    timeoutMs: call.settings.timeoutMs,
  });
};

const failIfError = async (call: AdapterCall<unknown>, response: UpstreamResponse): Promise<void> => {
  if (response.status < 300) return;
  throw fromBedrockError(call.settings.provider, response.status, response.headers, await readErrorText(response));
};

/** Reads a JSON answer, or throws the provider's error; a promise chain, as `chat` is. */
const readAnswer = (call: AdapterCall<unknown>, response: UpstreamResponse): Promise<unknown> =>
  response.status < 300 ? readJsonBody(call.settings.provider, response, call.settings.timeoutMs, call.signal) : failIfError(call, response);

/**
 * AWS Bedrock Runtime: chat through the Converse API (JSON, and `converse-stream`
 * in AWS event-stream framing), embeddings through InvokeModel (Titan, Cohere).
 * Keys are a Bedrock API key (bearer) or access keys for SigV4 signing.
 */
export const bedrockAdapter: ProviderAdapter = {
  id: 'bedrock',
  description: 'AWS Bedrock Runtime (Converse chat and streaming; Titan and Cohere embeddings)',
  defaultBaseUrl: 'https://bedrock-runtime.{region}.amazonaws.com',
  envKey: 'AWS_BEARER_TOKEN_BEDROCK',
  requiresKey: false,
  framing: 'aws-event-stream',
  capabilities: { chat: true, chatStream: true, embeddings: true, listModels: false, tools: true, vision: true, jsonSchema: true, reasoning: true, completions: false, responses: false },
  checkKey: checkBedrockKey,
  directKey: bedrockDirectKey,

  // A promise chain rather than an async function: no frame is kept per request while it waits on the provider.
  chat(call: AdapterCall<ChatRequest>): Promise<ChatResponse> {
    const provider = call.settings.provider;
    let modelId: string;
    let plan: ReturnType<typeof toBedrockConverseRequest>;
    try {
      modelId = toBedrockModelId(call.request.model, call.key);
      plan = toBedrockConverseRequest(call.request, modelId, provider, call.warnings);
    } catch (error) {
      return Promise.reject(error);
    }
    return post(call, bedrockModelPath(modelId, 'converse'), JSON.stringify(plan.body)).then((response) =>
      readAnswer(call, response).then((answer) => fromBedrockConverseResponse(provider, answer, bedrockAnswerContext(response.headers, call.request.model, plan.jsonResponse))),
    );
  },

  async chatStream(call: AdapterCall<ChatRequest>): Promise<AsyncIterable<StreamChunk>> {
    const provider = call.settings.provider;
    const modelId = toBedrockModelId(call.request.model, call.key);
    const plan = toBedrockConverseRequest(call.request, modelId, provider, call.warnings);
    const response = await post(call, bedrockModelPath(modelId, 'converse-stream'), JSON.stringify(plan.body));
    await failIfError(call, response);
    const mapError = (error: unknown) => toTransportError(provider, call.settings.timeoutMs, error, call.signal);
    const context = bedrockAnswerContext(response.headers, call.request.model, plan.jsonResponse);
    return mapBedrockStream(provider, decodeAwsEventStream(response.body, provider, mapError), context);
  },

  async embed(call: AdapterCall<EmbeddingRequest>): Promise<EmbeddingResponse> {
    const provider = call.settings.provider;
    const modelId = toBedrockModelId(call.request.model, call.key);
    const family = bedrockEmbeddingFamily(modelId);
    if (!family) throw errors.invalidRequest(`${provider} embeds with Titan (amazon.titan-embed-*) and Cohere (cohere.embed-*) models, not '${modelId}'`, 'model');
    const calls = toBedrockEmbeddingCalls(call.request, family, modelId, provider, call.warnings);
    const path = bedrockModelPath(modelId, 'invoke');
    const answers = await Promise.all(
      calls.map(({ body, count }) =>
        post(call, path, body, 'application/json').then((response) =>
          readAnswer(call, response).then((answer) => {
            const read = fromBedrockEmbeddingAnswer(provider, family, answer);
            if (read.vectors.length !== count) throw errors.upstreamInvalidResponse(provider, `${read.vectors.length} embeddings for ${count} inputs`);
            return { ...read, header: response.headers['x-amzn-bedrock-input-token-count'] };
          }),
        ),
      ),
    );
    const data: Embedding[] = [];
    let tokens = 0;
    for (const answer of answers) {
      for (const vector of answer.vectors) {
        data.push({ object: 'embedding', index: data.length, embedding: call.request.encoding_format === 'base64' ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector });
      }
      tokens += answer.tokens ?? (Number(answer.header) || 0);
    }
    return { object: 'list', data, model: call.request.model, usage: { prompt_tokens: tokens, total_tokens: tokens } };
  },
};
