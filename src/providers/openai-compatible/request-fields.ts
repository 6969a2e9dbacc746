/**
 * Field edits shared by the OpenAI-wire request builders. Each copies the body on
 * its first change only, so a request with nothing to change is sent as it came.
 */

/** Drops the fields in `params` that the body sets, each with a warning naming `provider`. */
export function dropUnsupported(body: Record<string, unknown>, params: readonly string[], provider: string, warnings: string[]): Record<string, unknown> {
  let out = body;
  for (const param of params) {
    if (body[param] === undefined) continue;
    if (out === body) out = { ...body };
    delete out[param];
    warnings.push(`${param} is not supported by ${provider} and was dropped`);
  }
  return out;
}

/**
 * Sends fields under the provider's names (`seed` → `random_seed`). When the body sets
 * both names with different values, the OpenAI field wins and a warning says so.
 */
export function renameFields(
  body: Record<string, unknown>,
  renames: Readonly<Record<string, string>>,
  provider: string,
  warnings: string[],
): Record<string, unknown> {
  let out = body;
  for (const from in renames) {
    const value = body[from];
    if (value === undefined) continue;
    const to = renames[from];
    if (out === body) out = { ...body };
    if (out[to] !== undefined && out[to] !== value) warnings.push(`${to} was replaced by ${from} (${provider} takes ${from} as ${to})`);
    out[to] = value;
    delete out[from];
  }
  return out;
}

/** Sets `stream` as the call needs it; streamed calls may ask for usage or leave `stream_options` out. */
export function withStreamFields(
  body: Record<string, unknown>,
  original: { stream?: boolean; stream_options?: unknown },
  stream: boolean,
  options: { streamUsage: boolean; dropStreamOptions?: boolean },
): Record<string, unknown> {
  if (stream) {
    const out = body === original ? { ...body } : body;
    out.stream = true;
    if (options.streamUsage) out.stream_options = { ...((original.stream_options as object | null | undefined) ?? {}), include_usage: true };
    else if (options.dropStreamOptions) delete out.stream_options;
    return out;
  }
  if (original.stream === undefined && original.stream_options === undefined) return body;
  const out = body === original ? { ...body } : body;
  delete out.stream;
  delete out.stream_options;
  return out;
}

/**
 * Rewrites messages for a provider that lacks some of OpenAI's message features:
 * `developer` messages sent as `system` (a translation, no warning), and message
 * fields it rejects dropped (one warning per field). Returns `messages` itself when nothing changes.
 */
export function rewriteMessages<M extends { role: string }>(
  messages: readonly M[],
  rules: { developerRole?: 'system'; unsupportedMessageFields?: readonly string[] },
  provider: string,
  warnings: string[],
): readonly M[] {
  let out: M[] | undefined;
  const dropped = new Set<string>();
  for (let i = 0; i < messages.length; i++) {
    let message = messages[i];
    if (rules.developerRole && message.role === 'developer') message = { ...message, role: rules.developerRole };
    for (const field of rules.unsupportedMessageFields ?? []) {
      if ((message as Record<string, unknown>)[field] === undefined) continue;
      if (message === messages[i]) message = { ...message };
      delete (message as Record<string, unknown>)[field];
      dropped.add(field);
    }
    if (message !== messages[i]) (out ??= messages.slice(0, i))[i] = message;
    else if (out) out[i] = message;
  }
  for (const field of dropped) warnings.push(`messages[].${field} is not supported by ${provider} and was dropped`);
  return out ?? messages;
}
