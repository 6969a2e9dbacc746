/** One entry of `GET /v1/models`; `id` is `provider/model`. */
export interface ModelInfo {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
}

/** The `GET /v1/models` response. */
export interface ModelList {
  object: 'list';
  data: ModelInfo[];
}
