/**
 * The contract between the shared provider conformance suite (`run-conformance.ts`)
 * and each provider's kit (`<provider>.conformance.test.ts`).
 *
 * The suite sends OpenAI-shaped requests through `createGateway` to a provider's
 * fake upstream, which answers in the provider's native wire format from a
 * provider-neutral script. The kit reads what the upstream received back into
 * provider-neutral terms, so one set of assertions checks every adapter in both
 * directions.
 */

/** Token counts in OpenAI's terms: `prompt` includes `cachedPrompt`, `completion` includes `reasoning`. */
export interface ScriptedUsage {
  prompt: number;
  completion: number;
  cachedPrompt?: number;
  reasoning?: number;
}

/** How the upstream should answer, before the kit encodes it natively (JSON or the native stream). */
export interface ScriptedReply {
  kind: 'reply';
  text?: string;
  reasoning?: string;
  toolCalls?: Array<{ id: string; name: string; arguments: string }>;
  /** The neutral reason; the kit sends its provider's own word for it (e.g. `max_tokens`, `MAX_TOKENS`). */
  finish: 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'stop_sequence';
  usage: ScriptedUsage;
}

/** The kinds of provider error every adapter must map. */
export type ScriptedErrorKind = 'rate-limit' | 'overloaded' | 'auth' | 'context-length' | 'content-policy' | 'server-error';

/** An error answer, sent before any output (with the provider's native status and body). */
export interface ScriptedError {
  kind: 'error';
  error: ScriptedErrorKind;
}

/**
 * A stream that fails after some text: the provider's own in-stream error event
 * when it has one (`kind` then says which), or a connection cut after the text.
 */
export interface ScriptedStreamFailure {
  kind: 'stream-failure';
  textBefore: string;
  error: ScriptedErrorKind;
}

/** A stream that sends some text, then nothing more until the client goes away. */
export interface ScriptedStall {
  kind: 'stall';
  textBefore: string;
}

export type Script = ScriptedReply | ScriptedError | ScriptedStreamFailure | ScriptedStall;

/** An image as the upstream received it. */
export type ReceivedImage = { url: string } | { mediaType: string; base64: string };

/** One message as the upstream received it, read back into neutral terms. */
export interface ReceivedMessage {
  role: 'user' | 'assistant' | 'tool';
  /** The message's text parts joined with `\n` (tool results excluded). */
  text: string;
  images: ReceivedImage[];
  /** Tool calls an assistant message carried; `arguments` parsed from JSON. */
  toolCalls: Array<{ id: string; name: string; arguments: unknown }>;
  /** Tool results the message carried (Anthropic puts them in a user message; OpenAI in `tool` messages). */
  toolResults: Array<{ id: string; content: string }>;
}

/** What the upstream received for one chat call, read back into neutral terms. */
export interface ReceivedRequest {
  /** The model the provider was asked for (from the body or the URL). */
  model: string;
  stream: boolean;
  /** System and developer text, joined with `\n`; `undefined` when none was sent. */
  system: string | undefined;
  /**
   * The conversation, system excluded. Consecutive messages of one role may be
   * merged by the provider's rules; the suite's checks allow for it.
   */
  messages: ReceivedMessage[];
  tools: Array<{ name: string; description?: string; parameters?: unknown }>;
  toolChoice?: 'auto' | 'none' | 'required' | { name: string };
  stop?: string[];
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  /** The JSON schema the provider was asked to follow, whatever its mechanism (native field, forced tool, ...). */
  jsonSchema?: unknown;
  /** Whether plain JSON output was asked for (`json_object`). */
  jsonObject?: boolean;
  /** Headers as received, lower-cased names. */
  headers: Record<string, string | string[] | undefined>;
}

/** A fake upstream speaking one provider's native wire format on 127.0.0.1, port 0. */
export interface ConformanceUpstream {
  /** The origin, given to the gateway as `network_config.base_url`. */
  readonly url: string;
  /** Answers the next chat call with `script` (a call with no script left gets a plain reply). */
  enqueue(script: Script): void;
  /** What each chat call received, in order. */
  received(): ReceivedRequest[];
  /** Resolves at the next answer the gateway cuts (closes its connection) before the answer ended. */
  nextAbort(): Promise<void>;
  close(): Promise<void>;
}

/** A capability scenario the suite runs; a kit skips one only by declaring why. */
export type Scenario =
  | 'plain-chat'
  | 'multi-turn'
  | 'system-prompt'
  | 'tools'
  | 'tool-choice'
  | 'parallel-tools'
  | 'tool-result-round-trip'
  | 'vision-base64'
  | 'vision-url'
  | 'json-schema'
  | 'json-object'
  | 'stop'
  | 'max-tokens'
  | 'sampling'
  | 'usage'
  | 'cached-usage'
  | 'reasoning'
  | 'finish-length'
  | 'finish-content-filter'
  | 'error-mapping'
  | 'stream-error'
  | 'abort-mid-stream';

/** One provider's part of the conformance suite. */
export interface ConformanceKit {
  /** The provider name in config (`anthropic`, `gemini`, ...). */
  provider: string;
  /** A model the kit's upstream serves. */
  model: string;
  /** Starts the fake upstream. */
  startUpstream(): Promise<ConformanceUpstream>;
  /** The provider's config (keys and key settings) pointed at the fake; `network_config.base_url` is added by the suite. */
  providerConfig(upstream: ConformanceUpstream): Record<string, unknown>;
  /**
   * Scenarios the provider cannot do, each with the reason (a capability it lacks).
   * A skipped scenario is checked to fail with a clear error or a warning, never
   * silently: see `run-conformance.ts`.
   */
  skips?: Partial<Record<Scenario, string>>;
  /**
   * How each error kind must surface: the gateway `code` and HTTP `status`.
   * Defaults in `run-conformance.ts` (`expectedErrors`) fit most providers.
   */
  errors?: Partial<Record<ScriptedErrorKind, { code: string; status: number }>>;
  /** `false` for a provider that counts reasoning tokens inside its output tokens without reporting them apart. */
  reportsReasoningTokens?: boolean;
}
