/** The request with the provider's own model name; the same object when it already has it. */
export function withModel<T extends { model: string }>(request: T, model: string): T {
  return request.model === model ? request : { ...request, model };
}
