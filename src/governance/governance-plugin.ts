import type { GovernanceConfig } from '../config/governance-schema.js';
import { errors } from '../errors/index.js';
import type { Logger } from '../logging/logger.js';
import { rateLimitedWarn } from '../logging/rate-limited-warn.js';
import type { RequestContext } from '../core/request-context.js';
import type { Plugin, PluginRequest, ResponseOutcome } from '../plugins/contract.js';
import { compileGovernance, type CompiledVirtualKey } from './compile-governance.js';
import type { CounterStore, WindowLimit } from './counters/counter-store.js';
import { presentedVirtualKey } from './presented-virtual-key.js';
import { pickAllowedProvider } from './pick-allowed-provider.js';
import { governanceStateKey, type GovernanceState } from './virtual-key-of.js';

/** What `createGovernancePlugin` needs besides the config. */
export interface GovernancePluginOptions {
  counters: CounterStore;
  logger: Logger;
  /** Milliseconds since the epoch; windows are computed from it. */
  now?: () => number;
  /** `client.enforce_auth_on_inference`: a request without a virtual key is refused. */
  enforceAuth: boolean;
  /** For weighted provider choice; `Math.random` by default. */
  random?: () => number;
}

/** The governance plugin, with the count of counter-store failures it let through (fail open) or refused (fail closed). */
export interface GovernancePlugin extends Plugin {
  readonly name: 'governance';
  readonly failures: number;
  /**
   * The checks of `onRequest` for an operation plugins do not see (a native passthrough,
   * a native text completion or Responses call): resolves to the model to use (a bare
   * name may get a provider by weight). Does nothing for a context already admitted.
   */
  admit(model: unknown, context: RequestContext): Promise<unknown>;
  /** Charges the context's cost and tokens to its budgets and token limits, once per request. */
  settle(context: RequestContext, tokens?: number): Promise<void>;
  /** Swaps the compiled policy for `config`'s (the management API changed an entity); requests admitted after it see the new policy. */
  update(config: GovernanceConfig): void;
}

/** Per-request data the plugin needs again in `onResponse`, beside the public `GovernanceState`. */
interface Charge extends GovernanceState {
  budgets: readonly WindowLimit[];
  tokenLimits: readonly WindowLimit[];
  /** Set once the answer was charged: a request is charged once, whichever path ends it. */
  charged: boolean;
}

/**
 * Virtual keys, budgets and rate limits as a plugin. `onRequest` resolves the caller's
 * virtual key, applies its allow-list (choosing a provider by weight for a bare model
 * name), checks the budgets and token limits of its chain (key -> team -> customer) and
 * consumes one request of each request limit; `onResponse` charges the answer's cost and
 * tokens (a stream's when it ends or is cut). Counter-store failures follow
 * `failure_mode`: `open` lets the request through (counted in `failures`, warned at most
 * every 30 s), `closed` refuses it with 503 `governance_unavailable`.
 */
export function createGovernancePlugin(config: GovernanceConfig, options: GovernancePluginOptions): GovernancePlugin {
  let policy = compileGovernance(config);
  const { counters, enforceAuth } = options;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const warn = rateLimitedWarn(options.logger);
  let failures = 0;
  const isKnown = (value: string) => policy.byValue.has(value);

  /** Runs a counter call; on failure applies the failure mode (`undefined`: fail open, go on). */
  async function guarded<T>(operation: string, call: () => Promise<T>): Promise<T | undefined> {
    try {
      return await call();
    } catch (cause) {
      failures++;
      warn({ operation, store: counters.kind, failureMode: policy.failureMode, err: cause }, 'governance counter store failed');
      if (policy.failureMode === 'closed') throw errors.governanceUnavailable(cause);
      return undefined;
    }
  }

  function scopeOf(key: CompiledVirtualKey, counterKey: string): string {
    return `${describeLimit(counterKey)} (virtual key '${key.id}'${key.teamId === undefined ? '' : `, team '${key.teamId}'`}${key.customerId === undefined ? '' : `, customer '${key.customerId}'`})`;
  }

  async function onRequest({ request, context }: PluginRequest): Promise<undefined> {
    const model = await admit(request.model, context);
    if (model !== request.model) request.model = model as string;
    return undefined;
  }

  async function admit(model: unknown, context: RequestContext): Promise<unknown> {
    if (context.state.has(governanceStateKey)) return model;
    const presented = presentedVirtualKey(context.headers, isKnown);
    if (presented.value === undefined) {
      if (enforceAuth) throw presented.credential ? errors.virtualKeyInvalid() : errors.virtualKeyRequired();
      return model;
    }
    const key = presented.known ? policy.byValue.get(presented.value) : undefined;
    if (key === undefined || !key.active) throw errors.virtualKeyInvalid();
    // The virtual key is the caller's credential here, never a provider key to forward.
    if (presented.header !== 'x-bf-vk' && context.directKey === presented.value) context.directKey = undefined;

    const choice = pickAllowedProvider(key.providers, model, random);
    if (choice === undefined) {
      const name = String(model);
      const slash = name.indexOf('/');
      throw errors.modelNotAllowed(key.id, slash > 0 ? name.slice(0, slash) : '', slash > 0 ? name.slice(slash + 1) : name);
    }

    const checked = [...key.budgets, ...key.tokenLimits];
    if (checked.length > 0) {
      const result = await guarded('check', () => counters.check(checked, now()));
      if (result !== undefined && !result.allowed) {
        if (result.key.startsWith('budget:')) throw errors.budgetExceeded(scopeOf(key, result.key));
        throw errors.virtualKeyRateLimited(scopeOf(key, result.key), 'tokens', retryAfterSeconds(result.retryAfterMs));
      }
    }
    if (key.requestLimits.length > 0) {
      const result = await guarded('consume', () => counters.consume(key.requestLimits, 1, now()));
      if (result !== undefined && !result.allowed) {
        throw errors.virtualKeyRateLimited(scopeOf(key, result.key), 'requests', retryAfterSeconds(result.retryAfterMs));
      }
    }
    const state: Charge = {
      virtualKeyId: key.id,
      virtualKeyName: key.name,
      teamId: key.teamId,
      customerId: key.customerId,
      allowedKeyNames: choice.keyNames,
      budgets: key.budgets,
      tokenLimits: key.tokenLimits,
      charged: false,
    };
    context.state.set(governanceStateKey, state);
    context.virtualKey = key.id;
    context.virtualKeyTeam = key.teamId;
    context.virtualKeyCustomer = key.customerId;
    // `key_ids`: the chosen provider's keys are limited (a choice with key names always names its provider).
    if (choice.keyNames !== undefined) context.allowedKeyNames = { provider: choice.model.slice(0, choice.model.indexOf('/')), names: choice.keyNames };
    return choice.model;
  }

  function onResponse({ context }: PluginRequest, outcome: ResponseOutcome): Promise<void> {
    return settle(context, outcome.usage?.total_tokens);
  }

  async function settle(context: RequestContext, reportedTokens?: number): Promise<void> {
    const charge = context.state.get(governanceStateKey) as Charge | undefined;
    if (charge === undefined || charge.charged) return;
    charge.charged = true;
    const cost = context.costUsd ?? 0;
    const tokens = context.usage?.total_tokens ?? reportedTokens ?? 0;
    const time = now();
    const adds: Promise<unknown>[] = [];
    if (cost > 0 && charge.budgets.length > 0) adds.push(guardedAdd(() => counters.add(charge.budgets, cost, time)));
    if (tokens > 0 && charge.tokenLimits.length > 0) adds.push(guardedAdd(() => counters.add(charge.tokenLimits, tokens, time)));
    await Promise.all(adds);
  }

  /** After the answer there is nothing to refuse: a failure is counted and warned in either mode. */
  async function guardedAdd(call: () => Promise<void>): Promise<void> {
    try {
      await call();
    } catch (cause) {
      failures++;
      warn({ operation: 'add', store: counters.kind, failureMode: policy.failureMode, err: cause }, 'governance counter store failed; usage not charged');
    }
  }

  return {
    name: 'governance',
    get failures() {
      return failures;
    },
    onRequest,
    onResponse,
    admit,
    settle,
    update: (next) => {
      policy = compileGovernance(next);
    },
    close: () => counters.close(),
  };
}

function retryAfterSeconds(milliseconds: number): number {
  return Math.max(1, Math.ceil(milliseconds / 1000));
}

function describeLimit(counterKey: string): string {
  const [kind, id] = counterKey.split(':');
  return kind === 'budget' ? `budget '${id}'` : `rate limit '${id}'`;
}
