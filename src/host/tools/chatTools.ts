import * as vscode from 'vscode';
import type { Settings } from '../../core/settings';
import { ToolSet, WORKSPACE_TOOLS } from '../../core/tools';
import type { ChatTools } from '../chat/chatSession';
import { workspaceToolContext } from './context';
import { findSymbolTool, getProblemsTool } from './languageTools';

let toolSet: ToolSet | undefined;

/**
 * The read-only tools a chat answer may use now: the workspace's files (read, list, search) and
 * what the language servers know (symbols, problems). None when the setting is off, in Restricted
 * Mode (an untrusted folder's files are not the user's to hand to a model), or with no folder on
 * disk open.
 */
export function chatTools(config: { readonly current: Settings }, signal: AbortSignal): ChatTools | undefined {
  const settings = config.current;
  if (!settings['tools.enabled'] || !vscode.workspace.isTrusted) return undefined;
  const context = workspaceToolContext(settings['tools.exclude'], signal);
  if (context.roots.length === 0) return undefined;
  toolSet ??= new ToolSet([...WORKSPACE_TOOLS, findSymbolTool, getProblemsTool]);
  return { set: toolSet, context, maxRounds: settings['tools.maxRounds'] };
}
