/**
 * The names VS Code knows the extension's parts by, as contributed in package.json. Both bundles
 * use them: the start-up one registers every command and the chat view by these ids before the
 * rest of the extension is loaded (docs/architecture.md, "Activation"). A unit test checks them
 * against package.json.
 */
export const CHAT_VIEW_ID = 'aimlClaude.chat';

export const COMMAND_IDS = [
  'aimlClaude.setApiKey',
  'aimlClaude.clearApiKey',
  'aimlClaude.selectModel',
  'aimlClaude.showLog',
  'aimlClaude.testConnection',
  'aimlClaude.openChat',
  'aimlClaude.openWalkthrough',
  'aimlClaude.openAnswerInEditor',
  'aimlClaude.exportConversation',
  'aimlClaude.newChat',
  'aimlClaude.explainSelection',
  'aimlClaude.refactorSelection',
  'aimlClaude.acceptProposal',
  'aimlClaude.rejectProposal',
  'aimlClaude.showProposal',
  'aimlClaude.acceptHunk',
  'aimlClaude.rejectHunk',
] as const;

export type CommandId = (typeof COMMAND_IDS)[number];
