import { timingSafeEqual } from 'node:crypto';
import { errors } from '../errors/index.js';
import type { Gateway } from '../gateway.js';
import { kindByPath } from '../governance/manager/governance-kinds.js';
import type { GovernanceManager } from '../governance/manager/governance-manager.js';
import type { GovernanceKind } from '../governance/governance-store.js';
import type { Exchange } from './exchange.js';
import { rawHeader } from './raw-header.js';
import { readJsonBody } from './read-json-body.js';
import { sendJson } from './send.js';

/** `GET /api/governance/{kind}`: every entity of the kind. */
export async function handleListGovernance(gateway: Gateway, exchange: Exchange): Promise<void> {
  const { manager, kind } = authorized(gateway, exchange);
  sendJson(exchange, 200, { object: 'list', data: manager.list(kind) });
}

/** `POST /api/governance/{kind}`: adds an entity (409 when its id exists). */
export async function handleCreateGovernance(gateway: Gateway, exchange: Exchange): Promise<void> {
  const { manager, kind } = authorized(gateway, exchange);
  const entity = await manager.create(kind, await readJsonBody(exchange));
  sendJson(exchange, 201, entity);
}

/** `GET /api/governance/{kind}/{id}`: one entity, with its current `usage` (`null` when the counter store does not answer). */
export async function handleGetGovernance(gateway: Gateway, exchange: Exchange): Promise<void> {
  const { manager, kind, id } = authorized(gateway, exchange);
  const entity = manager.get(kind, id);
  if (entity === undefined) throw errors.governanceEntityNotFound(kind, id);
  const usage = await manager.usage(kind, entity);
  sendJson(exchange, 200, { ...entity, usage: usage ?? null });
}

/** `PUT /api/governance/{kind}/{id}`: replaces an entity. */
export async function handleReplaceGovernance(gateway: Gateway, exchange: Exchange): Promise<void> {
  const { manager, kind, id } = authorized(gateway, exchange);
  const entity = await manager.replace(kind, id, await readJsonBody(exchange));
  sendJson(exchange, 200, entity);
}

/** `DELETE /api/governance/{kind}/{id}`: deletes an entity (409 while another refers to it). */
export async function handleDeleteGovernance(gateway: Gateway, exchange: Exchange): Promise<void> {
  const { manager, kind, id } = authorized(gateway, exchange);
  await manager.remove(kind, id);
  sendJson(exchange, 200, { id, deleted: true });
}

/** Checks the admin key and resolves the path's kind; throws the catalog's errors. */
function authorized(gateway: Gateway, exchange: Exchange): { manager: GovernanceManager; kind: GovernanceKind; id: string } {
  const manager = gateway.governance;
  if (manager?.adminKey === undefined) throw errors.adminDisabled();
  if (!sameKey(presentedAdminKey(exchange), manager.adminKey)) throw errors.adminKeyInvalid();
  const kind = kindByPath.get(exchange.params.kind ?? '');
  if (kind === undefined) throw errors.routeNotFound(exchange.req.method ?? 'GET', exchange.path);
  return { manager, kind, id: exchange.params.id ?? '' };
}

function presentedAdminKey(exchange: Exchange): string | undefined {
  const header = rawHeader(exchange.req, 'x-admin-key');
  if (header !== undefined) return header;
  const authorization = rawHeader(exchange.req, 'authorization');
  return authorization !== undefined && /^bearer /i.test(authorization) ? authorization.slice(7).trim() : undefined;
}

/** Constant-time comparison, so the answer's timing does not reveal the key. */
function sameKey(presented: string | undefined, expected: string): boolean {
  if (presented === undefined) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
