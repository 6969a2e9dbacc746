/** `client.header_filter_config`: which caller headers go on to providers. */
export interface HeaderFilterConfig {
  /** Header names (case-insensitive) forwarded; a trailing `*` matches a prefix (`x-portkey-*`), `*` alone every name. */
  allowlist?: readonly string[];
  /** Header names never forwarded, with the same patterns; wins over `allowlist` and over a surface's vendor headers. */
  denylist?: readonly string[];
}

/** Caller headers as the request context holds them (lower-case names). */
type CallerHeaders = Readonly<Record<string, string | string[] | undefined>>;

/**
 * Headers never forwarded, whatever the lists say: hop-by-hop and gateway-owned
 * headers (the gateway sets them for its own upstream connection and body), and
 * credentials (a caller's key reaches a provider only as a direct key, through the
 * adapter's own auth).
 */
const neverForwarded = compilePatterns([
  'host', 'content-length', 'content-type', 'connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'keep-alive', 'expect',
  'proxy-*', 'accept-encoding', 'cookie', 'http2-settings',
  'authorization', 'x-api-key', 'api-key', 'x-goog-api-key', 'x-amz-security-token',
]);

interface Patterns {
  exact: ReadonlySet<string>;
  prefixes: readonly string[];
}

/**
 * The compiled header filter, built once at start. Nothing is forwarded unless
 * allow-listed; the denylist wins; hop-by-hop, gateway-owned and credential
 * headers never pass.
 */
export class HeaderFilter {
  /** Whether any caller header can be selected (an allowlist is configured): without one, `select` is never needed. */
  readonly selects: boolean;
  readonly #allow: Patterns;
  readonly #deny: Patterns;

  constructor(config: HeaderFilterConfig = {}) {
    this.#allow = compilePatterns(config.allowlist ?? []);
    this.#deny = compilePatterns(config.denylist ?? []);
    this.selects = this.#allow.exact.size > 0 || this.#allow.prefixes.length > 0;
  }

  /** Whether a header may be forwarded at all: not hop-by-hop, gateway-owned, a credential, or denied. */
  permits(name: string): boolean {
    const lower = name.toLowerCase();
    return !matches(neverForwarded, lower) && !matches(this.#deny, lower);
  }

  /** Whether a caller header is forwarded: allow-listed and permitted. */
  allows(name: string): boolean {
    const lower = name.toLowerCase();
    return matches(this.#allow, lower) && this.permits(lower);
  }

  /**
   * The headers to forward for one request: the caller's headers that the filter
   * allows, plus `vendor` (a drop-in surface's own API headers, such as
   * `anthropic-beta`) that it permits. `undefined` when there are none.
   */
  select(headers: CallerHeaders, vendor?: Readonly<Record<string, string>>): Record<string, string> | undefined {
    let selected: Record<string, string> | undefined;
    if (this.selects) {
      for (const name in headers) {
        const value = headers[name];
        if (value === undefined || !this.allows(name)) continue;
        const text = typeof value === 'string' ? value : value.join(', ');
        if (isHeaderValue(text)) (selected ??= {})[name.toLowerCase()] = text;
      }
    }
    if (vendor !== undefined) {
      for (const name in vendor) {
        const value = vendor[name];
        if (this.permits(name) && isHeaderValue(value)) (selected ??= {})[name.toLowerCase()] = value;
      }
    }
    return selected;
  }
}

function compilePatterns(names: readonly string[]): Patterns {
  const exact = new Set<string>();
  const prefixes: string[] = [];
  for (const name of names) {
    const lower = name.trim().toLowerCase();
    if (lower.endsWith('*')) prefixes.push(lower.slice(0, -1));
    else if (lower !== '') exact.add(lower);
  }
  return { exact, prefixes };
}

function matches(patterns: Patterns, name: string): boolean {
  if (patterns.exact.has(name)) return true;
  for (const prefix of patterns.prefixes) if (name.startsWith(prefix)) return true;
  return false;
}

// A value a header can carry: no line breaks or other control characters but tab (RFC 9110 §5.5).
function isHeaderValue(value: string): boolean {
  return !/[\0-\x08\x0a-\x1f\x7f]/.test(value);
}
