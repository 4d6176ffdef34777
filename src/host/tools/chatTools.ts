import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import type { Settings } from '../../core/settings';
import { ChangeSet, EDIT_TOOLS, ToolSet, WORKSPACE_TOOLS, type EditToolContext, type TextReader } from '../../core/tools';
import type { ChatTools } from '../chat/chatSession';
import { workspaceToolContext } from './context';
import { findSymbolTool, getProblemsTool } from './languageTools';

let readOnly: ToolSet | undefined;
let withEdits: ToolSet<EditToolContext> | undefined;

/**
 * The tools a chat answer may use now: the workspace's files (read, list, search), what the
 * language servers know (symbols, problems), and — with `aimlClaude.tools.edits` — proposals
 * (edit_file, create_file) that change nothing until the user accepts them. None when the setting is
 * off, in Restricted Mode (an untrusted folder's files are not the user's to hand to a model), or
 * with no folder on disk open.
 */
export function chatTools(config: { readonly current: Settings }, signal: AbortSignal): ChatTools | undefined {
  const settings = config.current;
  if (!settings['tools.enabled'] || !vscode.workspace.isTrusted) return undefined;
  const base = workspaceToolContext(settings['tools.exclude'], signal);
  if (base.roots.length === 0) return undefined;
  if (!settings['tools.edits']) {
    readOnly ??= new ToolSet([...WORKSPACE_TOOLS, findSymbolTool, getProblemsTool]);
    return { set: readOnly, context: base, maxRounds: settings['tools.maxRounds'] };
  }
  withEdits ??= new ToolSet<EditToolContext>([...WORKSPACE_TOOLS, findSymbolTool, getProblemsTool, ...EDIT_TOOLS]);
  const changes = new ChangeSet(editorText);
  const context: EditToolContext = { ...base, changes };
  return { set: withEdits, context, maxRounds: settings['tools.maxRounds'], changes };
}

/**
 * A file as the user sees it: an editor's unsaved text, else the disk's. A document with no unsaved
 * edits is read from disk too: after a change outside the editor (git checkout, a formatter, another
 * tool) VS Code reloads the document only when its file watcher fires, and until then the model
 * holds the old text, which an edit would be planned against.
 */
const editorText: TextReader = async (absolutePath) => {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === absolutePath && d.isDirty);
  if (open) return { text: open.getText(), bytes: Buffer.byteLength(open.getText(), 'utf8') };
  try {
    const data = await fs.readFile(absolutePath);
    return { text: data.toString('utf8'), bytes: data.length };
  } catch {
    return undefined;
  }
};
