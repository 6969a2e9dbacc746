
/** OpenAI's error body. */
export interface OpenAIErrorBody {
  error: { message: string; type: string; code: string; param: string | null };
}

/** The one place an error becomes the OpenAI error JSON a client sees. */
export function toOpenAIError(error: { message: string; type: string; code: string; param?: string | null }): OpenAIErrorBody {
  return { error: { message: error.message, type: error.type, code: error.code, param: error.param ?? null } };
}
