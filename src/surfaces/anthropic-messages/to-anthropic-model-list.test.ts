import { describe, expect, it } from 'vitest';
import type { ModelList } from '../../api/index.js';
import { toAnthropicModelPage } from './to-anthropic-model-list.js';

const list: ModelList = { object: 'list', data: ['a/1', 'a/2', 'b/1', 'b/2', 'c/1'].map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'x' })) };
const ids = (page: { data: Array<{ id: string }> }) => page.data.map((model) => model.id);

describe('toAnthropicModelPage', () => {
  it('pages with limit, after_id and before_id as Anthropic does', () => {
    const first = toAnthropicModelPage(list, { limit: '2' });
    expect(first).toMatchObject({ has_more: true, first_id: 'a/1', last_id: 'a/2' });
    expect(first.data[0]).toEqual({ type: 'model', id: 'a/1', display_name: 'a/1', created_at: '2023-11-14T22:13:20.000Z' });
    expect(ids(toAnthropicModelPage(list, { limit: '2', after_id: 'a/2' }))).toEqual(['b/1', 'b/2']);
    expect(toAnthropicModelPage(list, { limit: '2', after_id: 'b/2' })).toMatchObject({ has_more: false, last_id: 'c/1' });
    expect(toAnthropicModelPage(list, { limit: '2', before_id: 'b/2' })).toMatchObject({ has_more: true, first_id: 'a/2', last_id: 'b/1' });
    expect(toAnthropicModelPage(list, {}).data).toHaveLength(5);
  });

  it('refuses a bad limit or an unknown cursor', () => {
    expect(() => toAnthropicModelPage(list, { limit: '0' })).toThrow(/limit/);
    expect(() => toAnthropicModelPage(list, { after_id: 'nope' })).toThrow(/after_id/);
  });
});
