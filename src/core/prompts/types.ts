/**
 * What the prompt builders take and give. Messages are the API client's own type (a type-only
 * import: nothing of the client is loaded by building a prompt).
 */
import type { ChatMessage } from '../api/types';

export type { ChatMessage };

export type Role = ChatMessage['role'];

/** The code a job is about, with the context around it, as the host or the CLI read it. */
export interface PromptContext {
  /** The selected text (whole lines for refactor). */
  readonly selectedText: string;
  /** VS Code language id of the document ("typescript"). */
  readonly languageId: string;
  /** Workspace-relative path, "/"-separated; absent for untitled documents. */
  readonly relativePath?: string;
  /** 1-based first line of the selection. */
  readonly startLine: number;
  /** 1-based last line of the selection, inclusive. */
  readonly endLine: number;
  /** Lines just above the selection ("\n"-joined), bounded by `surroundingWindow`. */
  readonly before?: string;
  /** Lines just below the selection ("\n"-joined). */
  readonly after?: string;
  /**
   * How the text was chosen: the user's selection, or, when it was empty, the enclosing symbol, the
   * current line, or the whole file. The prompt says so, so Claude knows the scope was inferred.
   */
  readonly selectionKind?: 'selection' | 'symbol' | 'line' | 'file';
}

export interface BuiltPrompt {
  /** The top-level `system` of the request. */
  readonly system: string;
  /** Alternating turns, starting and ending with the user. */
  readonly messages: ChatMessage[];
}

/** Explain and refactor prompts also carry a short title for the chat panel and the diff editor. */
export interface JobPrompt extends BuiltPrompt {
  readonly title: string;
}

/** Context the user attached to a chat question. */
export interface Attachment {
  readonly kind: 'selection' | 'file' | 'problems' | 'symbol' | 'changes' | 'definition';
  /** What the user sees on the chip ("src/app.ts:10-24", "Problems in app.ts"). */
  readonly label: string;
  readonly languageId?: string;
  readonly relativePath?: string;
  readonly text: string;
}
