/** Read-only workspace tools Claude may call in a chat: confined to the workspace, bounded, never writing. */
export { DEFAULT_DENY_GLOBS, denyMatcher, type PathMatcher } from './denyList';
export { resolveWorkspacePath, type ResolvedPath, type WorkspaceRoot, type PathRefusal } from './workspacePath';
export { findRipgrep } from './ripgrep';
export { WORKSPACE_TOOLS, ToolSet, type PendingCall, type CallOutcome } from './registry';
export { readFileTool, READ_MAX_LINES, READ_MAX_BYTES } from './readFile';
export { listFilesTool, collectFiles, comparePaths } from './listFiles';
export { searchTextTool } from './searchText';
export { code, failure, type Tool, type ToolContext, type ToolResult, type ToolSpec, type ToolLocation } from './types';
export { runToolLoop, stubOldestResults, STUB_PREFIX, type LoopEvent, type LoopNotice, type LoopResult, type LoopRound, type StreamingClient, type ToolLoopOptions } from './loop';
export { applyEdit, type EditMatch } from './editMatch';
export { ChangeSet, lineStats, EDIT_MAX_BYTES, type FileChange, type LineStats, type TextReader, type ChangeResult } from './changeSet';
export { EDIT_TOOLS, editFileTool, createFileTool, type EditToolContext } from './editTools';
export { runningSummary } from './describe';
export { changeSpan, planFileChange, type ChangeSpan, type FileChangePlan } from './fileChangePlan';
