/** Bedrock's cross-region inference profiles: `us.`, `eu.`, `apac.`, `global.`, ... before the model id. */
const regionPrefix = /^(?:us|us-gov|eu|apac|ap|jp|au|ca|global)\./;

/**
 * Suffixes taken off in turn, each leaving one more candidate: Vertex's `@version`,
 * Bedrock's `:0` and `-v2`, dates (`-2024-08-06`, `-20250514`, `-08-2024`,
 * `-2411`), numbered releases (`-001`), `-latest`, `-preview…`, `-exp…`.
 */
const suffixes: readonly RegExp[] = [
  /@.*$/,
  /:\d+$/,
  /-v\d+$/,
  /-\d{4}-\d{2}-\d{2}$/,
  /-\d{8}$/,
  /-\d{2}-\d{4}$/,
  /-\d{4}$/,
  /-\d{3}$/,
  /-latest$/,
  /-preview(?:-[\d-]+)?$/,
  /-exp(?:-[\d-]+)?$/,
];

/**
 * The names a model is looked up by, most exact first: the name as given, lower
 * case, without a Bedrock region prefix, then with each known suffix taken off in
 * turn, and last with dots between digits as dashes (`claude-3.5-sonnet`, as
 * OpenRouter writes it, is `claude-3-5-sonnet`).
 */
export function modelNameCandidates(model: string): string[] {
  const names = [model];
  let name = model.toLowerCase();
  if (name !== model) names.push(name);
  const unprefixed = name.replace(regionPrefix, '');
  if (unprefixed !== name) names.push((name = unprefixed));
  for (const suffix of suffixes) {
    const shorter = name.replace(suffix, '');
    if (shorter !== name && shorter.length > 0) names.push((name = shorter));
  }
  const dashed = name.replace(/(\d)\.(\d)/g, '$1-$2');
  if (dashed !== name) names.push(dashed);
  return names;
}
