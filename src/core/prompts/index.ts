/** Prompt building for explain, refactor and chat, and token budgeting: pure, no `vscode`. */
export type { Attachment, BuiltPrompt, ChatMessage, JobPrompt, PromptContext, Role } from './types';
export { surroundingWindow, type SurroundingWindow } from './window';
export { DEFAULT_SYSTEM_PROMPT, systemPrompt } from './system';
export {
  INSTRUCTION_FILES,
  INSTRUCTIONS_MAX_BYTES,
  instructionsSection,
  readInstructionFiles,
  settingInstructions,
  type InstructionRoot,
  type Instructions,
} from './instructions';
export { REPLACEMENT_MARKER, fenceFor, fenced, longestRun } from './fence';
export { languageName, fenceTag, canonicalLanguage, sameLanguage } from './languages';
export { describeIndentation } from './indentation';
export { lineSpan } from './sections';
export { buildExplainPrompt, buildExplainMessage, type ExplainOptions } from './explain';
export { buildRefactorPrompt, buildRefactorMessage, replacementInfo, type RefactorOptions } from './refactor';
export {
  buildChatPrompt,
  buildChatMessage,
  normalizeHistory,
  renderAttachment,
  type ChatOptions,
  type ChatPrompt,
} from './chat';
export {
  estimateTokens,
  estimatePromptTokens,
  checkContextBudget,
  assertContextBudget,
  ContextBudgetError,
  formatCount,
  MESSAGE_OVERHEAD_TOKENS,
  REQUEST_OVERHEAD_TOKENS,
  type BudgetCheck,
  type BudgetWording,
} from './tokens';
