import { errors } from '../../errors/index.js';
import type { Gateway } from '../../gateway.js';
import { toAnthropicModel, toAnthropicModelPage } from '../../surfaces/anthropic-messages/to-anthropic-model-list.js';
import type { Exchange } from '../exchange.js';
import { sendJson } from '../send.js';

/** `GET /v1/models`: the gateway's models (`provider/model`) in Anthropic's paged list shape (`limit`, `after_id`, `before_id`). */
export function handleAnthropicModels(gateway: Gateway, exchange: Exchange): void {
  const url = exchange.req.url ?? '';
  const query = new URLSearchParams(url.includes('?') ? url.slice(url.indexOf('?') + 1) : '');
  gateway
    .listModels({ signal: exchange.context.signal })
    .then((list) => sendJson(exchange, 200, toAnthropicModelPage(list, { limit: query.get('limit'), after_id: query.get('after_id'), before_id: query.get('before_id') })))
    .then(undefined, exchange.fail);
}

/** `GET /v1/models/{model_id}`: one model, by its id or (for a bare name) as the first Anthropic-speaking provider serves it. */
export function handleAnthropicModel(gateway: Gateway, exchange: Exchange): void {
  const id = exchange.params.model ?? '';
  Promise.all([gateway.listModels({ signal: exchange.context.signal }), gateway.resolveNativeModel('anthropic-messages', id)])
    .then(([list, qualified]) => {
      const model = list.data.find((entry) => entry.id === id) ?? list.data.find((entry) => entry.id === qualified);
      if (model === undefined) {
        const slash = qualified.indexOf('/');
        throw slash === -1 ? errors.providerNotFound(qualified) : errors.modelNotFound(qualified.slice(0, slash), qualified.slice(slash + 1));
      }
      sendJson(exchange, 200, toAnthropicModel(model));
    })
    .then(undefined, exchange.fail);
}
