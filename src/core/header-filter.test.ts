import { describe, expect, it } from 'vitest';
import { HeaderFilter } from './header-filter.js';

describe('HeaderFilter', () => {
  it('forwards nothing from the caller without an allowlist', () => {
    const filter = new HeaderFilter({ denylist: ['x-secret'] });
    expect(filter.selects).toBe(false);
    expect(filter.select({ 'x-trace-id': 'abc', 'user-agent': 'sdk' })).toBeUndefined();
  });

  it('forwards allow-listed headers, matching names case-insensitively', () => {
    const filter = new HeaderFilter({ allowlist: ['X-Trace-Id', 'OpenAI-Organization'] });
    expect(filter.select({ 'x-trace-id': 'abc', 'openai-organization': 'org-1', 'x-other': 'no' })).toEqual({ 'x-trace-id': 'abc', 'openai-organization': 'org-1' });
  });

  it('matches a prefix with a trailing *, and every name with * alone', () => {
    const prefix = new HeaderFilter({ allowlist: ['x-portkey-*'] });
    expect(prefix.select({ 'x-portkey-trace-id': '1', 'x-portkey-config': '2', 'x-portkeyish': '3', 'x-other': '4' })).toEqual({ 'x-portkey-trace-id': '1', 'x-portkey-config': '2' });
    const all = new HeaderFilter({ allowlist: ['*'] });
    expect(all.select({ 'x-a': '1', 'user-agent': 'sdk' })).toEqual({ 'x-a': '1', 'user-agent': 'sdk' });
  });

  it('lets the denylist win over the allowlist, with wildcards on both', () => {
    const filter = new HeaderFilter({ allowlist: ['x-*'], denylist: ['x-internal-*', 'X-Debug'] });
    expect(filter.select({ 'x-trace-id': '1', 'x-internal-user': '2', 'x-debug': '3' })).toEqual({ 'x-trace-id': '1' });
    expect(filter.allows('x-internal-user')).toBe(false);
    expect(filter.allows('X-Trace-Id')).toBe(true);
  });

  it('never forwards credentials, hop-by-hop or gateway-owned headers, even when allow-listed', () => {
    const never = [
      'authorization', 'x-api-key', 'api-key', 'x-goog-api-key', 'proxy-authorization', 'proxy-connection',
      'host', 'content-length', 'connection', 'transfer-encoding', 'te', 'upgrade', 'keep-alive', 'accept-encoding', 'cookie',
    ];
    const filter = new HeaderFilter({ allowlist: ['*', ...never] });
    const headers = Object.fromEntries([...never, 'x-kept'].map((name) => [name, 'value']));
    expect(filter.select(headers)).toEqual({ 'x-kept': 'value' });
    for (const name of never) expect(filter.allows(name.toUpperCase())).toBe(false);
  });

  it('adds a surface’s vendor headers unless denied or never forwarded, with or without an allowlist', () => {
    const filter = new HeaderFilter({ denylist: ['anthropic-dangerous-*'] });
    const vendor = { 'anthropic-beta': 'tools-2024', 'anthropic-dangerous-direct-browser-access': 'true', 'x-api-key': 'sk-caller' };
    expect(filter.select({}, vendor)).toEqual({ 'anthropic-beta': 'tools-2024' });
    const allowing = new HeaderFilter({ allowlist: ['x-trace-id'] });
    expect(allowing.select({ 'x-trace-id': 't' }, { 'anthropic-beta': 'b' })).toEqual({ 'x-trace-id': 't', 'anthropic-beta': 'b' });
  });

  it('joins repeated headers and skips values a request cannot carry', () => {
    const filter = new HeaderFilter({ allowlist: ['x-*'] });
    expect(filter.select({ 'x-tags': ['a', 'b'], 'x-bad': 'one\r\ntwo', 'x-gone': undefined })).toEqual({ 'x-tags': 'a, b' });
  });
});
