import { errors } from '../../errors/index.js';

/**
 * Parses the JSON data of one stream event, or throws `upstream_invalid_response`
 * quoting the start of what came instead. The type is the caller's: the event is
 * checked field by field where it is read.
 */
export function parseStreamEvent<T>(provider: string, data: string): T {
  try {
    return JSON.parse(data) as T;
  } catch {
    throw errors.upstreamInvalidResponse(provider, `a stream event that is not JSON: ${JSON.stringify(data.slice(0, 200))}`);
  }
}
