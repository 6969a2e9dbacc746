import type { ModelInfo, ModelList } from '../../api/index.js';
import { errors } from '../../errors/index.js';
import type { AnthropicModelInfo, AnthropicModelPage } from './wire.js';

/** The paging parameters of `GET /v1/models`. https://docs.claude.com/en/api/models-list */
export interface AnthropicModelQuery {
  limit?: string | null;
  after_id?: string | null;
  before_id?: string | null;
}

/** A gateway model in Anthropic's shape; the id (`provider/model`) is also the display name. */
export function toAnthropicModel(model: ModelInfo): AnthropicModelInfo {
  return { type: 'model', id: model.id, display_name: model.id, created_at: new Date((model.created || 0) * 1000).toISOString() };
}

/**
 * One page of the gateway's models in Anthropic's list shape: `limit` models
 * (20 by default, 1 to 1000) after `after_id` or before `before_id`, with
 * `has_more`, `first_id` and `last_id` as the SDKs page through them.
 */
export function toAnthropicModelPage(list: ModelList, query: AnthropicModelQuery): AnthropicModelPage {
  const limit = query.limit == null ? 20 : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw errors.invalidRequest('limit: must be an integer from 1 to 1000.', 'limit');
  const models = list.data;
  let from = 0;
  let to = models.length;
  if (query.after_id != null) from = indexOf(models, query.after_id, 'after_id') + 1;
  else if (query.before_id != null) to = indexOf(models, query.before_id, 'before_id');
  const before = query.after_id == null && query.before_id != null;
  const start = before ? Math.max(from, to - limit) : from;
  const end = before ? to : Math.min(to, from + limit);
  const data = models.slice(start, end).map(toAnthropicModel);
  return {
    data,
    has_more: before ? start > 0 : end < models.length,
    first_id: data[0]?.id ?? null,
    last_id: data.at(-1)?.id ?? null,
  };
}

function indexOf(models: readonly ModelInfo[], id: string, param: string): number {
  const index = models.findIndex((model) => model.id === id);
  if (index === -1) throw errors.invalidRequest(`${param}: no model ${JSON.stringify(id)} is listed.`, param);
  return index;
}
