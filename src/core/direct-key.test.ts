import { describe, expect, it } from 'vitest';
import type { ProviderAdapter, ProviderKey } from '../providers/contract.js';
import { toDirectKey } from './direct-key.js';

const adapter = { id: 'test' } as ProviderAdapter;
const key = (fields: Partial<ProviderKey>): ProviderKey => ({ value: 'configured', models: [], weight: 1, ...fields });

describe('toDirectKey', () => {
  it('takes the caller’s value with the settings of the first key serving the model', () => {
    const keys = [key({ name: 'a', models: ['other'], azure_key_config: { endpoint: 'https://a' } }), key({ id: 'b1', name: 'b', models: ['gpt-4o'], azure_key_config: { endpoint: 'https://b' } })];
    const direct = toDirectKey(adapter, keys, 'gpt-4o', 'sk-caller');
    expect(direct).toMatchObject({ name: 'direct', value: 'sk-caller', models: [], weight: 1, azure_key_config: { endpoint: 'https://b' } });
    expect(direct.id).toBeUndefined();
  });

  it('falls back to the first key, and to no settings without keys', () => {
    expect(toDirectKey(adapter, [key({ models: ['x'], region: 'r' })], 'y', 'sk').region).toBe('r');
    expect(toDirectKey(adapter, [], 'y', 'sk')).toMatchObject({ name: 'direct', value: 'sk', models: [], weight: 1 });
  });

  it('lets the adapter drop settings that are credentials', () => {
    const stripping = { ...adapter, directKey: (value: string, template: ProviderKey) => ({ ...template, value, secret: undefined }) } as ProviderAdapter;
    const direct = toDirectKey(stripping, [key({ secret: 'configured-secret', endpoint: 'e' })], 'm', 'sk-caller');
    expect(direct).toMatchObject({ value: 'sk-caller', endpoint: 'e', secret: undefined });
  });
});
