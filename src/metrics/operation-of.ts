/**
 * The `method` label of a request, from the route that served it: `chat`,
 * `text-completion`, `embed`, `responses`, `count-tokens`, with `-stream` when the
 * answer was streamed; `undefined` for routes that call no model (health, models, metrics).
 */
export function operationOf(template: string, params: Readonly<Record<string, string>>): string | undefined {
  const method = params.method;
  if (method !== undefined) return geminiMethods[method] ?? 'other';
  let operation = byTemplate.get(template);
  if (operation === undefined) byTemplate.set(template, (operation = fromTemplate(template) ?? null));
  return operation ?? undefined;
}

const byTemplate = new Map<string, string | null>();

const geminiMethods: Readonly<Record<string, string>> = {
  generateContent: 'chat',
  streamGenerateContent: 'chat',
  embedContent: 'embed',
  batchEmbedContents: 'embed',
  countTokens: 'count-tokens',
};

function fromTemplate(template: string): string | undefined {
  if (template.endsWith('/chat/completions')) return 'chat';
  if (template.endsWith('/completions')) return 'text-completion';
  if (template.endsWith('/embeddings')) return 'embed';
  if (template.endsWith('/responses')) return 'responses';
  if (template.endsWith('/messages')) return 'chat';
  if (template.endsWith('/count_tokens')) return 'count-tokens';
  return undefined;
}
