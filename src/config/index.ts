export { configSchema, type Config, type ConfigInput, type ProviderConfig, type KeyConfig, type NetworkConfig, type ClientConfig, type PluginConfig } from './schema.js';
export { parseConfig, type ParsedConfig } from './parse-config.js';
export { loadConfigFile } from './load-config-file.js';
export { defaultConfig, type AutoProvider } from './default-config.js';
export { ConfigError } from './config-error.js';
