/**
 * The tokens an answer reports as used (`usage.total_tokens`: chat, completions,
 * embeddings, Responses); `undefined` for answers without usage, such as a
 * stream, whose usage arrives after the attempt ended.
 */
export function tokensOf(answer: unknown): number | undefined {
  const usage = (answer as { usage?: { total_tokens?: unknown } } | null | undefined)?.usage;
  const total = usage?.total_tokens;
  return typeof total === 'number' ? total : undefined;
}
