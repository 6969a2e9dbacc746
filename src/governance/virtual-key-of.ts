import type { RequestContext } from '../core/request-context.js';

/** What the governance plugin keeps for a request in `context.state.get('governance')`. */
export interface GovernanceState {
  virtualKeyId: string;
  virtualKeyName: string | undefined;
  teamId: string | undefined;
  customerId: string | undefined;
  /** Names of the provider keys this virtual key may use for the chosen provider; `undefined`: any. */
  allowedKeyNames: readonly string[] | undefined;
}

/** The state key the governance plugin uses (its name). */
export const governanceStateKey = 'governance';

/** The governance details of a request: which virtual key (team, customer) made it; `undefined` when none did. */
export function governanceOf(context: RequestContext): GovernanceState | undefined {
  return context.state.get(governanceStateKey) as GovernanceState | undefined;
}

/** The id of the virtual key that made the request (for logs and metrics), or `undefined`. */
export function virtualKeyOf(context: RequestContext): string | undefined {
  return governanceOf(context)?.virtualKeyId;
}
