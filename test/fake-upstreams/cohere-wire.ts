import { z } from 'zod';

/**
 * Cohere's v2 wire format as strict zod schemas, field for field after the official
 * SDK's serialization types (`cohere-ai/cohere-typescript`, `src/serialization/`:
 * `V2ChatRequest`, `V2ChatResponse`, `V2ChatStreamResponse`, `V2EmbedRequest`,
 * `EmbedByTypeResponse`, `ListModelsResponse`). Strict, so fixtures and fakes cannot
 * drift from the real API: the fake upstream refuses a request that does not match,
 * as Cohere would, and the adapter's fixture tests check every recorded body.
 */

const text = z.strictObject({ type: z.literal('text'), text: z.string() });
const thinking = z.strictObject({ type: z.literal('thinking'), thinking: z.string() });
const imageUrl = z.strictObject({
  type: z.literal('image_url'),
  image_url: z.strictObject({ url: z.string(), detail: z.enum(['auto', 'low', 'high']).optional() }),
});
const document = z.strictObject({ data: z.record(z.string(), z.unknown()), id: z.string().optional() });
const toolCall = z.strictObject({
  id: z.string(),
  type: z.literal('function'),
  function: z.strictObject({ name: z.string().optional(), arguments: z.string().optional() }).optional(),
});
const source = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('tool'), id: z.string().optional(), tool_output: z.record(z.string(), z.unknown()).optional() }),
  z.strictObject({ type: z.literal('document'), id: z.string().optional(), document: z.record(z.string(), z.unknown()).optional() }),
]);
const citation = z.strictObject({
  start: z.number().int().optional(),
  end: z.number().int().optional(),
  text: z.string().optional(),
  sources: z.array(source).optional(),
  content_index: z.number().int().optional(),
  type: z.enum(['TEXT_CONTENT', 'THINKING_CONTENT', 'PLAN']).optional(),
});

/** One message of `messages` (`ChatMessageV2`). */
export const cohereMessageSchema = z.discriminatedUnion('role', [
  z.strictObject({ role: z.literal('system'), content: z.union([z.string(), z.array(text)]) }),
  z.strictObject({ role: z.literal('user'), content: z.union([z.string(), z.array(z.discriminatedUnion('type', [text, imageUrl]))]) }),
  z.strictObject({
    role: z.literal('assistant'),
    tool_calls: z.array(toolCall).optional(),
    tool_plan: z.string().optional(),
    content: z.union([z.string(), z.array(z.discriminatedUnion('type', [text, thinking]))]).optional(),
    citations: z.array(citation).optional(),
  }),
  z.strictObject({
    role: z.literal('tool'),
    tool_call_id: z.string(),
    content: z.union([z.string(), z.array(z.discriminatedUnion('type', [text, z.strictObject({ type: z.literal('document'), document })]))]),
  }),
]);

/** The body of `POST /v2/chat` (`V2ChatRequest` / `V2ChatStreamRequest`). */
export const cohereChatRequestSchema = z.strictObject({
  model: z.string(),
  messages: z.array(cohereMessageSchema),
  stream: z.boolean(),
  tools: z
    .array(
      z.strictObject({
        type: z.literal('function'),
        function: z.strictObject({ name: z.string(), description: z.string().optional(), parameters: z.record(z.string(), z.unknown()) }).optional(),
      }),
    )
    .optional(),
  strict_tools: z.boolean().optional(),
  documents: z.array(z.union([z.string(), document])).optional(),
  citation_options: z.strictObject({ mode: z.enum(['ENABLED', 'DISABLED', 'FAST', 'ACCURATE', 'OFF']).optional() }).optional(),
  response_format: z
    .discriminatedUnion('type', [
      z.strictObject({ type: z.literal('text') }),
      z.strictObject({ type: z.literal('json_object'), json_schema: z.record(z.string(), z.unknown()).optional() }),
    ])
    .optional(),
  safety_mode: z.enum(['CONTEXTUAL', 'STRICT', 'OFF']).optional(),
  max_tokens: z.number().int().optional(),
  stop_sequences: z.array(z.string()).optional(),
  temperature: z.number().optional(),
  seed: z.number().int().optional(),
  frequency_penalty: z.number().optional(),
  presence_penalty: z.number().optional(),
  k: z.number().optional(),
  p: z.number().optional(),
  logprobs: z.boolean().optional(),
  tool_choice: z.enum(['REQUIRED', 'NONE']).optional(),
  thinking: z.strictObject({ type: z.enum(['enabled', 'disabled']), token_budget: z.number().int().optional() }).optional(),
  priority: z.number().int().optional(),
});

const usage = z.strictObject({
  billed_units: z
    .strictObject({ input_tokens: z.number().optional(), output_tokens: z.number().optional(), search_units: z.number().optional(), classifications: z.number().optional() })
    .optional(),
  tokens: z.strictObject({ input_tokens: z.number().optional(), output_tokens: z.number().optional() }).optional(),
  cached_tokens: z.number().optional(),
});
const finishReason = z.enum(['COMPLETE', 'STOP_SEQUENCE', 'MAX_TOKENS', 'TOOL_CALL', 'ERROR', 'TIMEOUT']);
const logprobItem = z.strictObject({ text: z.string().optional(), token_ids: z.array(z.number()), logprobs: z.array(z.number()).optional() });

/** The answer of `POST /v2/chat` without streaming (`V2ChatResponse`). */
export const cohereChatResponseSchema = z.strictObject({
  id: z.string(),
  finish_reason: finishReason,
  message: z.strictObject({
    role: z.literal('assistant'),
    tool_calls: z.array(toolCall).optional(),
    tool_plan: z.string().optional(),
    content: z.array(z.discriminatedUnion('type', [text, thinking])).optional(),
    citations: z.array(citation).optional(),
  }),
  usage: usage.optional(),
  logprobs: z.array(logprobItem).optional(),
});

const indexed = { index: z.number().int().optional() };
const messageDelta = <Shape extends z.ZodRawShape>(shape: Shape) => z.strictObject({ message: z.strictObject(shape).optional() }).optional();

/**
 * One event of a `POST /v2/chat` stream (`V2ChatStreamResponse`). `message-start` also
 * carries the empty `content`, `tool_plan`, `tool_calls` and `citations` that Cohere sends
 * (https://docs.cohere.com/v2/docs/streaming) beyond the SDK's declared `role`.
 */
export const cohereStreamEventSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('message-start'),
    id: z.string().optional(),
    delta: messageDelta({
      role: z.literal('assistant').optional(),
      content: z.array(z.never()).optional(),
      tool_plan: z.literal('').optional(),
      tool_calls: z.array(z.never()).optional(),
      citations: z.array(z.never()).optional(),
    }),
  }),
  z.strictObject({
    type: z.literal('content-start'),
    ...indexed,
    delta: messageDelta({ content: z.strictObject({ type: z.enum(['text', 'thinking']).optional(), text: z.string().optional(), thinking: z.string().optional() }).optional() }),
  }),
  z.strictObject({
    type: z.literal('content-delta'),
    ...indexed,
    delta: messageDelta({ content: z.strictObject({ text: z.string().optional(), thinking: z.string().optional() }).optional() }),
    logprobs: logprobItem.optional(),
  }),
  z.strictObject({ type: z.literal('content-end'), ...indexed }),
  z.strictObject({ type: z.literal('tool-plan-delta'), delta: messageDelta({ tool_plan: z.string().optional() }) }),
  z.strictObject({ type: z.literal('tool-call-start'), ...indexed, delta: messageDelta({ tool_calls: toolCall.optional() }) }),
  z.strictObject({
    type: z.literal('tool-call-delta'),
    ...indexed,
    delta: messageDelta({ tool_calls: z.strictObject({ function: z.strictObject({ arguments: z.string().optional() }).optional() }).optional() }),
  }),
  z.strictObject({ type: z.literal('tool-call-end'), ...indexed }),
  z.strictObject({ type: z.literal('citation-start'), ...indexed, delta: messageDelta({ citations: citation.optional() }) }),
  z.strictObject({ type: z.literal('citation-end'), ...indexed }),
  z.strictObject({
    type: z.literal('message-end'),
    id: z.string().optional(),
    delta: z.strictObject({ error: z.string().optional(), finish_reason: finishReason.optional(), usage: usage.optional() }).optional(),
  }),
  z.strictObject({ type: z.literal('debug'), prompt: z.string().optional() }),
]);

/** The body of `POST /v2/embed` (`V2EmbedRequest`). */
export const cohereEmbedRequestSchema = z.strictObject({
  model: z.string(),
  texts: z.array(z.string()).optional(),
  images: z.array(z.string()).optional(),
  input_type: z.enum(['search_document', 'search_query', 'classification', 'clustering', 'image']),
  inputs: z.array(z.unknown()).optional(),
  max_tokens: z.number().int().optional(),
  output_dimension: z.number().int().optional(),
  embedding_types: z.array(z.enum(['float', 'int8', 'uint8', 'binary', 'ubinary', 'base64'])).optional(),
  truncate: z.enum(['NONE', 'START', 'END']).optional(),
  priority: z.number().int().optional(),
});

/** The answer of `POST /v2/embed` (`EmbedByTypeResponse`). */
export const cohereEmbedResponseSchema = z.strictObject({
  response_type: z.literal('embeddings_by_type').optional(),
  id: z.string(),
  embeddings: z.strictObject({
    float: z.array(z.array(z.number())).optional(),
    int8: z.array(z.array(z.number())).optional(),
    uint8: z.array(z.array(z.number())).optional(),
    binary: z.array(z.array(z.number())).optional(),
    ubinary: z.array(z.array(z.number())).optional(),
    base64: z.array(z.string()).optional(),
  }),
  texts: z.array(z.string()).optional(),
  images: z.array(z.unknown()).optional(),
  meta: z
    .strictObject({
      api_version: z.strictObject({ version: z.string(), is_deprecated: z.boolean().optional(), is_experimental: z.boolean().optional() }).optional(),
      billed_units: z.strictObject({ images: z.number().optional(), input_tokens: z.number().optional(), image_tokens: z.number().optional(), output_tokens: z.number().optional(), search_units: z.number().optional(), classifications: z.number().optional() }).optional(),
      tokens: z.strictObject({ input_tokens: z.number().optional(), output_tokens: z.number().optional() }).optional(),
      cached_tokens: z.number().optional(),
      warnings: z.array(z.string()).optional(),
    })
    .optional(),
});

/** The answer of `GET /v1/models` (`ListModelsResponse`). */
export const cohereModelListSchema = z.strictObject({
  models: z.array(
    z.strictObject({
      name: z.string().optional(),
      is_deprecated: z.boolean().optional(),
      endpoints: z.array(z.enum(['chat', 'embed', 'classify', 'summarize', 'rerank', 'rate', 'generate'])).optional(),
      finetuned: z.boolean().optional(),
      context_length: z.number().optional(),
      tokenizer_url: z.string().optional(),
      default_endpoints: z.array(z.string()).optional(),
      features: z.array(z.string()).optional(),
    }),
  ),
  next_page_token: z.string().optional(),
});
