import type { ServerResponse } from 'node:http';
import type { RecordedRequest } from '../conformance/fake-server.js';
import type { ReceivedRequest, Script } from '../conformance/kit.js';

/**
 * Vertex AI's own wire format as the fake writes it: Google's error bodies for what
 * Vertex itself refuses, and the `:predict` answer of text embedding models
 * (https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/text-embeddings-api).
 */

/** How the fake answers chat for one publisher's models. */
export interface ChatAnswerer {
  /** The publisher's chat methods, each with whether it streams. */
  methods: Readonly<Record<string, boolean>>;
  /** A body Vertex would refuse for this publisher, as the error body to send (400). */
  check?(request: RecordedRequest, stream: boolean): unknown;
  read(request: RecordedRequest, model: string, stream: boolean): ReceivedRequest;
  answer(res: ServerResponse, script: Script, stream: boolean, id: string, request: RecordedRequest): void;
}

const googleError = (status: number, grpc: string, message: string) => ({ status, body: { error: { code: status, message, status: grpc } } });

/** Google's error bodies for what Vertex itself refuses (https://cloud.google.com/vertex-ai/docs/general/troubleshooting). */
export const vertexErrors = {
  unauthenticated: googleError(
    401,
    'UNAUTHENTICATED',
    'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
  ),
  permissionDenied: googleError(403, 'PERMISSION_DENIED', "Permission 'aiplatform.endpoints.predict' denied on resource (or it may not exist)."),
  rateLimited: googleError(
    429,
    'RESOURCE_EXHAUSTED',
    'Resource exhausted. Please try again later. Please refer to https://cloud.google.com/vertex-ai/generative-ai/docs/error-code-429 for more details.',
  ),
  notFound: (what: string) => googleError(404, 'NOT_FOUND', `Publisher Model \`${what}\` was not found or your project does not have access to it.`),
  invalidArgument: (message: string) => googleError(400, 'INVALID_ARGUMENT', message),
};

/** The `:predict` answer for an embeddings body: per instance a vector of `outputDimensionality` (4 by default) values exact in float32. */
export function toVertexEmbeddingAnswer(body: any): Record<string, unknown> {
  const instances: Array<{ content?: string }> = Array.isArray(body?.instances) ? body.instances : [];
  const dimensions = typeof body?.parameters?.outputDimensionality === 'number' ? body.parameters.outputDimensionality : 4;
  return {
    predictions: instances.map((instance) => ({
      embeddings: {
        statistics: { truncated: false, token_count: (instance.content ?? '').split(/\s+/).filter(Boolean).length },
        values: Array.from({ length: dimensions }, (_, j) => (((instance.content ?? '').length % 7) + 1) * (j + 1) / 8 - 0.5),
      },
    })),
    metadata: { billableCharacterCount: instances.reduce((sum, instance) => sum + (instance.content ?? '').length, 0) },
  };
}
