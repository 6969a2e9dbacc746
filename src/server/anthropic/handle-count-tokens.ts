import type { Gateway } from '../../gateway.js';
import { estimateChatTokens } from '../../surfaces/estimate-chat-tokens.js';
import { fromAnthropicRequest } from '../../surfaces/anthropic-messages/from-anthropic-request.js';
import type { Exchange } from '../exchange.js';
import { sendJson } from '../send.js';
import { serveAnthropic } from './handle-messages.js';

const estimateWarning = 'input_tokens is an estimate (o200k_base tokenizer): the provider has no token count of its own';

/**
 * `POST /v1/messages/count_tokens`: Anthropic's own count for a provider that
 * speaks its API; for any other, an estimate of the translated request
 * (`estimateChatTokens`), reported as such in `x-switchyard-warnings`.
 */
export function handleCountTokens(gateway: Gateway, exchange: Exchange): void {
  serveAnthropic(gateway, exchange, 'count_tokens', ({ body, model }) => {
    const { context } = exchange;
    const request = fromAnthropicRequest(body, context.warnings, { counting: true });
    request.model = model;
    return estimateChatTokens(request).then((inputTokens) => {
      context.warnings.push(estimateWarning);
      sendJson(exchange, 200, { input_tokens: inputTokens });
    });
  });
}
