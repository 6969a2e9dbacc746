import type { GatewayError } from '../errors/index.js';
import type { Handler } from './routes.js';

/** Builds the JSON body of an error answer in one API's own error shape. */
export type ErrorBody = (error: GatewayError) => unknown;

/** The HTTP status of an error answer where an API has its own (Anthropic's 529 for an overloaded provider). */
export type ErrorStatus = (error: GatewayError) => number;

/** How one API surface answers errors: its body, and its status where it differs from the gateway's. */
export interface ErrorShape {
  errorBody: ErrorBody;
  errorStatus?: ErrorStatus;
}

/** One route of an API surface, relative to where the surface is mounted. */
export interface RouteSpec {
  /**
   * The path: exact (`/v1/messages`), or with `{name}` segments, each matching one
   * path segment, optionally followed by `:{name}` for a Google-style method
   * (`/v1beta/models/{model}:{method}`). A `{name*}` segment matches the rest of the path.
   */
  path: string;
  methods: Readonly<Record<string, Handler>>;
}

/** An API surface: its routes and the error shape every one of them answers with. */
export interface RouteSet extends ErrorShape {
  name: string;
  routes: readonly RouteSpec[];
}

/** Where a path led: the handlers by method, the path's parameters, and the error shape. */
export interface RouteMatch extends ErrorShape {
  /** The route's path template as mounted (`/v1/chat/completions`, `/genai/v1beta/models/{model*}:{method}`), for metrics. */
  path: string;
  methods: Readonly<Record<string, Handler>>;
  params: Readonly<Record<string, string>>;
}

interface PatternRoute {
  pattern: RegExp;
  names: string[];
  match: Omit<RouteMatch, 'params'>;
}

const noParams: Readonly<Record<string, string>> = Object.freeze({});

/**
 * The compiled route table: exact paths in one map (the common case costs one
 * lookup), patterns tried in order only when no exact path matched. Built once at start.
 */
export class Router {
  readonly #exact = new Map<string, RouteMatch>();
  readonly #patterns: PatternRoute[] = [];
  /** Error shapes by mount prefix, longest first, for paths no route matched. */
  readonly #prefixes: Array<{ prefix: string; shape: ErrorShape }> = [];

  /** Mounts `set` under `prefix` (`''` for the root, else `/anthropic`, ...). */
  mount(prefix: string, set: RouteSet): this {
    for (const route of set.routes) {
      const path = prefix + route.path;
      if (!route.path.includes('{')) {
        if (!this.#exact.has(path)) this.#exact.set(path, { path, methods: route.methods, params: noParams, errorBody: set.errorBody, errorStatus: set.errorStatus });
        continue;
      }
      const names: string[] = [];
      const source = path
        .split(/(\{[a-z]\w*\*?\})/i)
        .map((part) => {
          const name = /^\{([a-z]\w*)(\*?)\}$/i.exec(part);
          if (!name) return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
          names.push(name[1]!);
          return name[2] ? '(.+)' : '([^/:]+)';
        })
        .join('');
      this.#patterns.push({ pattern: new RegExp(`^${source}$`), names, match: { path, methods: route.methods, errorBody: set.errorBody, errorStatus: set.errorStatus } });
    }
    if (prefix !== '') {
      this.#prefixes.push({ prefix: `${prefix}/`, shape: { errorBody: set.errorBody, errorStatus: set.errorStatus } });
      this.#prefixes.sort((a, b) => b.prefix.length - a.prefix.length);
    }
    return this;
  }

  /** The route of `path` (without its query), or `undefined`. */
  match(path: string): RouteMatch | undefined {
    const exact = this.#exact.get(path);
    if (exact !== undefined) return exact;
    for (const { pattern, names, match } of this.#patterns) {
      const found = pattern.exec(path);
      if (found === null) continue;
      const params: Record<string, string> = {};
      for (let i = 0; i < names.length; i++) params[names[i]!] = safeDecode(found[i + 1]!);
      return { ...match, params };
    }
    return undefined;
  }

  /** The error shape for a path no route matched: that of the surface mounted at its prefix, if any. */
  errorShapeFor(path: string): ErrorShape | undefined {
    return this.#prefixes.find(({ prefix }) => path.startsWith(prefix))?.shape;
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
