/** Switchyard as a library: `createGateway(config)` and the types it speaks. */
export { createGateway, type Gateway, type GatewayOptions, type CallOptions } from './gateway.js';
export type * from './api/index.js';
export { GatewayError, isGatewayError, errors, toOpenAIError, type FailureClass } from './errors/index.js';
export { ConfigError, configSchema, parseConfig, loadConfigFile, type Config, type ConfigInput } from './config/index.js';
export type { Account, AccountProviderConfig } from './core/account.js';
export { createRequestContext, type RequestContext } from './core/request-context.js';
export { Cancellation } from './core/cancellation.js';
export type { Plugin, PluginRequest, ResponseOutcome, ShortCircuit, Operation } from './plugins/contract.js';
export type { ProviderAdapter, ProviderKey, ProviderCapabilities, ProviderSettings, AdapterCall } from './providers/contract.js';
export type { Logger } from './logging/logger.js';
export { createServer, type ServerOptions, type SwitchyardServer } from './server/create-server.js';
export { computeCost, Pricer, priceTable, type ModelPrice, type PriceFamily, type PriceOverride } from './pricing/index.js';
export type { LogStyle } from './logging/logger.js';
