import { errors } from '../../errors/index.js';
import type { Gateway } from '../../gateway.js';
import { toGeminiModel, toGeminiModelList } from '../../surfaces/gemini/to-gemini-model-list.js';
import type { Exchange } from '../exchange.js';
import { sendJson } from '../send.js';

/** `GET /v1beta/models`: every model the gateway serves, as Google's `Model`s, in pages (`pageSize`, `pageToken`). */
export async function handleListGeminiModels(gateway: Gateway, exchange: Exchange): Promise<void> {
  const url = exchange.req.url ?? '';
  const query = new URLSearchParams(url.includes('?') ? url.slice(url.indexOf('?') + 1) : '');
  const list = await gateway.listModels({ signal: exchange.context.signal });
  sendJson(exchange, 200, toGeminiModelList(list, query.get('pageSize'), query.get('pageToken')));
}

/**
 * `GET /v1beta/models/{model}`: one model, named as the client asked; 404 when its
 * provider does not list it. A name with a colon (`ollama/llama3:8b`) arrives split by
 * the `:{method}` route and is joined again.
 */
export async function handleGetGeminiModel(gateway: Gateway, exchange: Exchange): Promise<void> {
  const { model: name, method } = exchange.params;
  const asked = method === undefined ? name! : `${name}:${method}`;
  const model = await gateway.resolveNativeModel('gemini', asked);
  const slash = model.indexOf('/');
  if (slash === -1) throw errors.invalidModel(`model '${model}' must name its provider, as provider/model; GET /v1beta/models lists the models served`);
  const provider = model.slice(0, slash);
  const list = await gateway.listModels({ provider, signal: exchange.context.signal });
  if (!list.data.some((entry) => entry.id === model || entry.id === `${provider.toLowerCase()}${model.slice(slash)}`)) throw errors.modelNotFound(provider, model.slice(slash + 1));
  sendJson(exchange, 200, { ...toGeminiModel(model), name: `models/${asked}` });
}
