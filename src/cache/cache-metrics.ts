/** What the cache reports to `/metrics` (implemented by `GatewayMetrics`). */
export interface CacheMetrics {
  /** A lookup served the request: `direct` (exact) or `semantic`. */
  hit(type: 'direct' | 'semantic'): void;
  miss(): void;
  /** How long a lookup took, in seconds (a semantic one including its embedding call). */
  lookup(type: 'direct' | 'semantic', seconds: number): void;
  stored(): void;
}
