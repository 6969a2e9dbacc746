import { describe, expect, it } from 'vitest';
import { presentedVirtualKey } from './presented-virtual-key.js';

const known = new Set(['vk-plain', 'sk-bf-known']);
const isKnown = (value: string) => known.has(value);

describe('presentedVirtualKey', () => {
  it('takes x-bf-vk as a virtual key, known or not', () => {
    expect(presentedVirtualKey({ 'x-bf-vk': 'vk-plain' }, isKnown)).toEqual({ value: 'vk-plain', known: true, header: 'x-bf-vk' });
    expect(presentedVirtualKey({ 'x-bf-vk': 'whatever' }, isKnown)).toEqual({ value: 'whatever', known: false, header: 'x-bf-vk' });
  });

  it('prefers x-bf-vk over a provider key in authorization', () => {
    expect(presentedVirtualKey({ 'x-bf-vk': 'vk-plain', authorization: 'Bearer sk-openai' }, isKnown)).toMatchObject({ value: 'vk-plain' });
  });

  it.each([
    ['authorization', 'Bearer sk-bf-known'],
    ['authorization', 'bearer   sk-bf-known '],
    ['x-api-key', 'sk-bf-known'],
    ['x-goog-api-key', 'sk-bf-known'],
  ])('finds a configured key in %s', (header, value) => {
    expect(presentedVirtualKey({ [header]: value }, isKnown)).toEqual({ value: 'sk-bf-known', known: true, header });
  });

  it('takes a configured value without the sk-bf- prefix from a credential header too', () => {
    expect(presentedVirtualKey({ 'x-api-key': 'vk-plain' }, isKnown)).toMatchObject({ value: 'vk-plain', known: true });
  });

  it('treats an unknown sk-bf- value in a credential header as a virtual key that is not known', () => {
    expect(presentedVirtualKey({ authorization: 'Bearer sk-bf-gone' }, isKnown)).toEqual({ value: 'sk-bf-gone', known: false, header: 'authorization' });
  });

  it('treats any other credential as a provider key, not a virtual key', () => {
    expect(presentedVirtualKey({ authorization: 'Bearer sk-openai-123' }, isKnown)).toEqual({ value: undefined, credential: true });
    expect(presentedVirtualKey({ authorization: 'Basic abc' }, isKnown)).toEqual({ value: undefined, credential: true });
  });

  it('finds a virtual key in x-api-key after a bearer provider key', () => {
    expect(presentedVirtualKey({ authorization: 'Bearer sk-openai', 'x-api-key': 'sk-bf-known' }, isKnown)).toMatchObject({ value: 'sk-bf-known', header: 'x-api-key' });
  });

  it('reports no credential at all', () => {
    expect(presentedVirtualKey({}, isKnown)).toEqual({ value: undefined, credential: false });
    expect(presentedVirtualKey({ 'x-bf-vk': '' }, isKnown)).toEqual({ value: undefined, credential: false });
  });
});
