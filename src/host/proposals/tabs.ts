import * as vscode from 'vscode';
import { parseProposalUri, type ProposalSide } from './scheme';

/**
 * Which proposal a tab shows: the modified side of its diff, or one of its documents opened alone.
 * The one place that reads tabs for proposals (the active proposal, closing a proposal's diff).
 */
export function proposalOfTab(tab: vscode.Tab | undefined): { id: string; side: ProposalSide } | undefined {
  const input = tab?.input;
  const uri = input instanceof vscode.TabInputTextDiff ? input.modified : input instanceof vscode.TabInputText ? input.uri : undefined;
  return uri && parseProposalUri(uri);
}

/** Every open tab of a proposal, in every editor group. */
export function tabsOfProposal(id: string): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => proposalOfTab(t)?.id === id);
}
