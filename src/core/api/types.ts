/**
 * The public shapes of the AI/ML API client. Host, CLI and tests build against these, so they
 * stay small and vendor-neutral: the wire format (snake_case, chunk wrappers) never leaks out.
 */
import type { AimlError } from './errors';

/**
 * One message of a conversation. An assistant turn that called tools carries its calls; each call's
 * result follows as a `tool` message with the call's id, in the calls' order.
 */
export type ChatMessage =
  | { role: 'user'; content: string }
  | { role: 'assistant'; content: string; toolCalls?: AssistantToolCall[] }
  | { role: 'tool'; toolCallId: string; content: string };

export interface AssistantToolCall {
  id: string;
  name: string;
  /** The arguments exactly as the model wrote them (JSON text). */
  arguments: string;
}

/** A function tool offered to the model (OpenAI form on /chat/completions; JSON Schema parameters). */
export interface ToolDefinition {
  name: string;
  description: string;
  parameters: Readonly<Record<string, unknown>>;
}

export type ToolChoice = 'auto' | 'none' | 'required' | { name: string };

export type ThinkingRequest = { type: 'enabled'; budgetTokens: number } | { type: 'disabled' } | { type: 'adaptive' };

export interface ChatRequest {
  model: string;
  system?: string;
  messages: ChatMessage[];
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  stopSequences?: string[];
  thinking?: ThinkingRequest;
  /** Tools the model may call; without them the request carries no `tools` field. */
  tools?: ToolDefinition[];
  /** Default 'auto' when tools are given. */
  toolChoice?: ToolChoice;
}

export interface Usage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  /** Of the prompt tokens, those read from the prompt cache (when the service reports it). */
  cachedTokens?: number;
  /** Of the completion tokens, those spent thinking (when the service reports it). */
  reasoningTokens?: number;
  creditsUsed?: number;
  usdSpent?: number;
}

export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'function_call' | (string & {});

export type StreamEvent =
  /**
   * Response headers arrived with a success status. After a `retry` event a new `start` follows.
   * `requestId` is the X-Client-Request-Id we sent (the same for every attempt of one call).
   */
  | { type: 'start'; requestId: string; inferenceId?: string; model: string }
  | { type: 'text'; text: string }
  | { type: 'reasoning'; text: string }
  /** Emitted once per call, assembled, at the finish. */
  | { type: 'tool_call'; index: number; id?: string; name?: string; arguments: string }
  | { type: 'usage'; usage: Usage }
  /** Sent before sleeping for a retry, so a UI can show a countdown. `attempt` counts from 1. */
  | { type: 'retry'; attempt: number; maxRetries: number; delayMs: number; error: AimlError }
  /** Always the last event of a successful stream. */
  | { type: 'finish'; finishReason: FinishReason };

export interface ToolCall {
  index: number;
  id?: string;
  name?: string;
  arguments: string;
}

/** What `complete()` collects from a stream. */
export interface CompletionResult {
  text: string;
  reasoning: string;
  finishReason: FinishReason;
  usage: Usage | undefined;
  requestId: string;
  inferenceId?: string;
  toolCalls: ToolCall[];
}

export interface CallOptions {
  signal?: AbortSignal;
  /** 1–128 chars of [A-Za-z0-9._:-]; other characters are replaced, a random UUID when absent. */
  clientRequestId?: string;
}

/** One entry of `GET /models`, reduced to what the extension uses. */
export interface ModelListEntry {
  id: string;
  aliases: string[];
  contextLength?: number;
  outputMax?: number;
}

export interface KeyCheckResult {
  /**
   * false when the gateway has no balance endpoint (404/405): the key was not rejected, but it
   * could not be confirmed either (a local OpenAI-compatible server, say).
   */
  verified: boolean;
  status: number;
}

export interface ProxyOptions {
  /** http://[user:pass@]host:port; used for both http and https targets. */
  url?: string;
  /** false accepts self-signed certificates (VS Code's http.proxyStrictSSL). Default true. */
  strictSSL?: boolean;
  /** Comma-separated hosts (with optional :port, leading dot or *.) that bypass the proxy. */
  noProxy?: string;
  /** Read HTTPS_PROXY/HTTP_PROXY/NO_PROXY from the environment. Default true. */
  fromEnv?: boolean;
}
