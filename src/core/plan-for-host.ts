import { errors } from '../errors/index.js';
import type { AdapterCall } from '../providers/contract.js';
import type { RequestContext } from './request-context.js';
import type { ModelRoute } from './resolve-model.js';
import { type RoutePlans, withoutFallbacks } from './route-plan.js';
import type { TargetCaller } from './target-caller.js';

/**
 * The route an `OperationHost` operation (text completions, the Responses API,
 * passthrough) starts from when its model has a plan (a virtual model, config
 * fallbacks): the first target's, with the plan, recorded in the context.
 */
export function routeWithPlan(plans: RoutePlans, model: unknown, context: RequestContext): ModelRoute {
  const plan = plans.plan(model, undefined);
  const first = plan.targets[0]!;
  context.provider = first.runtime.name;
  context.model = first.model;
  return { runtime: first.runtime, model: first.model, plan };
}

/**
 * An `OperationHost` operation on a plan's targets: the route's plan, or the
 * request's own `fallbacks` after its model. The operation was chosen for the
 * first target's adapter (`invoke` calls it), so only targets served by the same
 * adapter are tried. `route` is left naming the target that served, so that a
 * stream releases that target's concurrency slot.
 */
export function callWithPlan<Request extends { model: string }, Result>(
  caller: TargetCaller,
  plans: RoutePlans,
  route: ModelRoute,
  request: Request,
  context: RequestContext,
  invoke: (call: AdapterCall<Request>) => Promise<Result>,
  stream: boolean,
): Promise<Result> {
  const fallbacks = (request as { fallbacks?: unknown }).fallbacks;
  const plan = fallbacks === undefined && route.plan !== undefined ? route.plan : plans.plan(request.model, fallbacks);
  const adapter = route.runtime.adapter;
  const check = (target: ModelRoute) => {
    if (target.runtime.adapter !== adapter) throw errors.unsupportedOperation(target.runtime.name, 'this request the way the first target serves it');
  };
  return caller.callPlan(plan, withoutFallbacks(request), context, { stream, check, invoke }).then(({ result, target }) => {
    route.runtime = target.runtime;
    route.model = target.model;
    return result;
  });
}
