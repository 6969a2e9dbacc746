export type * from './chat.js';
export type * from './stream-chunk.js';
export type * from './embeddings.js';
export type * from './models.js';
export type * from './cancel-signal.js';
export type * from './completions.js';
export type * from './responses.js';
export type * from './passthrough.js';
