import * as vscode from 'vscode';

/**
 * The read-only virtual documents a proposal is reviewed in: the original (left of the diff) and the
 * proposal (right). The path keeps the file's name, so VS Code picks the language by its extension.
 */
export const PROPOSAL_SCHEME = 'aiml-claude-proposal';

export type ProposalSide = 'original' | 'proposal';

export function proposalUri(id: string, side: ProposalSide, fileName: string): vscode.Uri {
  return vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${id}/${side}/${fileName || 'untitled'}` });
}

export function parseProposalUri(uri: vscode.Uri): { id: string; side: ProposalSide } | undefined {
  if (uri.scheme !== PROPOSAL_SCHEME) return undefined;
  const [, id, side] = uri.path.split('/');
  if (!id || (side !== 'original' && side !== 'proposal')) return undefined;
  return { id, side };
}
