import { joinUrl } from '../shared/join-url.js';
import { keyBaseUrl } from './key-base-url.js';
import type { OpenAICompatibleProfile, OpenAIOperation, OpenAIUrlContext } from './profile.js';

/**
 * How a profile's upstream URLs are made: its own `url` builder, or the base URL
 * joined with `paths[operation]`. With `keyBaseUrl`, a key's `<setting>.url` replaces
 * the default base URL (a configured `network_config.base_url` still wins).
 */
export function openAIUrlBuilder(profile: OpenAICompatibleProfile): (context: OpenAIUrlContext, operation: OpenAIOperation) => string {
  if (profile.url) return profile.url;
  const paths = profile.paths;
  const setting = profile.keyBaseUrl;
  if (setting === undefined) return (context, operation) => joinUrl(context.settings.baseUrl, paths[operation] ?? '');
  return (context, operation) => {
    const { settings } = context;
    const base = settings.customBaseUrl ? settings.baseUrl : (keyBaseUrl(context.key, setting) ?? settings.baseUrl);
    return joinUrl(base, paths[operation] ?? '');
  };
}
