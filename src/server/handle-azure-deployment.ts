import type { Gateway } from '../gateway.js';
import type { Exchange } from './exchange.js';
import { readJsonBody } from './read-json-body.js';
import type { Handler } from './routes.js';

/** Answers an OpenAI request whose body was read (`answerChat`, `answerEmbeddings`, ...). */
export type Answer = (gateway: Gateway, exchange: Exchange, body: unknown) => Promise<void> | void;

/**
 * An Azure OpenAI deployment route (`/openai/deployments/{deployment}/chat/completions`,
 * the path `AzureOpenAI` clients call): the deployment names the model, as `model`
 * would (`provider/model`, or a bare model name a key lists), and wins over the
 * body's `model`, as on Azure. The `api-version` query is accepted and not read: the
 * gateway speaks one version of each API whatever the client asks for.
 */
export function azureDeploymentRoute(answer: Answer): Handler {
  return (gateway, exchange) => readJsonBody(exchange).then((body) => answer(gateway, exchange, withDeploymentModel(body, exchange.params.deployment)));
}

function withDeploymentModel(body: unknown, deployment: string | undefined): unknown {
  if (deployment === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  return { ...body, model: deployment };
}
