import { writeJson, writeSse } from '../conformance/fake-server.js';
import type { ScriptedErrorKind } from '../conformance/kit.js';
import { anthropicErrorBody, errorAnswers, event, jsonToolName, messageStart, readAnthropicRequest, toMessage, toStreamEvents } from './anthropic-wire.js';
import { type ChatAnswerer, vertexErrors } from './vertex-wire.js';

/**
 * Claude on Vertex AI as the fake speaks it: `:rawPredict` / `:streamRawPredict` take
 * Anthropic's Messages body without `model` and with `anthropic_version: "vertex-2023-10-16"`,
 * and answer in Anthropic's wire format (`anthropic-wire.ts`;
 * https://docs.claude.com/en/api/claude-on-vertex-ai). Vertex's own refusals
 * (authentication, quota) come in Google's error shape.
 */

/** The model Vertex reports in Claude's answers (the request names it `claude-sonnet-4-5@20250929`). */
const answeringModel = 'claude-sonnet-4-5-20250929';

/** Errors Vertex answers itself for Claude models, in Google's shape; the others are the model's own, in Anthropic's. */
const vertexRefusals: Partial<Record<ScriptedErrorKind, { status: number; body: unknown }>> = {
  'rate-limit': vertexErrors.rateLimited,
  auth: vertexErrors.unauthenticated,
};

const invalid = (message: string) => anthropicErrorBody('invalid_request_error', message);

/** Claude's part of the fake Vertex upstream. */
export const vertexAnthropicAnswerer: ChatAnswerer = {
  methods: { rawPredict: false, streamRawPredict: true },
  check(request, stream) {
    const body = request.body as Record<string, unknown> | undefined;
    if (body === undefined) return invalid('There was an issue with your request body: not valid JSON');
    if (body.anthropic_version !== 'vertex-2023-10-16') return invalid("anthropic_version: Input should be 'vertex-2023-10-16'");
    if ('model' in body) return invalid('model: Extra inputs are not permitted');
    if (!Number.isInteger(body.max_tokens)) return invalid('max_tokens: Field required');
    if ((body.stream === true) !== stream) return invalid(`stream: must be ${stream} on this method`);
    return undefined;
  },
  read: (request, model, stream) => ({ ...readAnthropicRequest(request.body as Record<string, any>, request.headers), model, stream }),
  answer(res, script, stream, id, request) {
    const messageId = `msg_vrtx_${id}`;
    if (script.kind === 'error') {
      const refusal = vertexRefusals[script.error];
      if (refusal) return writeJson(res, refusal.status, refusal.body);
      const { status, type, message } = errorAnswers[script.error];
      return writeJson(res, status, anthropicErrorBody(type, message));
    }
    if (script.kind === 'stall' || script.kind === 'stream-failure') {
      const events = [
        messageStart(messageId, answeringModel, undefined),
        event({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
        event({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: script.textBefore } }),
      ];
      if (script.kind === 'stream-failure') {
        const { type, message } = vertexRefusals[script.error] ? errorAnswers['server-error'] : errorAnswers[script.error];
        events.push(event(anthropicErrorBody(type, message)));
      }
      return writeSse(res, events, { stall: script.kind === 'stall' });
    }
    const jsonTool = ((request.body as { tools?: Array<{ name?: string }> }).tools ?? []).some((tool) => tool.name === jsonToolName);
    if (stream) return writeSse(res, toStreamEvents(script, messageId, answeringModel, jsonTool));
    writeJson(res, 200, toMessage(script, messageId, answeringModel, jsonTool));
  },
};
