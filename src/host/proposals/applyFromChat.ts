import { tr } from '../../core/l10n';
import type { CodeBlock } from '../../core/markdown/codeBlocks';
import { activeEditorFor, captureScope, looksBinary } from '../editorContext';
import type { Log } from '../log';
import type { ProposalManager } from './manager';
import type { Notifier } from './notifier';

export interface ApplyFromChatDeps {
  readonly manager: ProposalManager;
  readonly notifier: Notifier;
  readonly log: Log;
}

export type ApplyFromChatOutcome =
  | { readonly status: 'refused'; readonly reason: string }
  | { readonly status: 'unchanged' }
  | { readonly status: 'ready'; readonly proposalId: string; readonly hunks: number };

/**
 * A chat code block's "Apply to selection": the block becomes a proposal for the selected lines of
 * the editor (or the symbol or line at the cursor, said so), reviewed in the same diff with
 * Accept/Reject as a refactor. Nothing is written before Accept.
 */
export async function applyCodeBlock(deps: ApplyFromChatDeps, block: CodeBlock): Promise<ApplyFromChatOutcome> {
  const refuse = (reason: string): ApplyFromChatOutcome => {
    void deps.notifier.info(reason);
    return { status: 'refused', reason };
  };
  if (block.code.trim() === '') return refuse(tr('That code block is empty; there is nothing to apply.'));
  const editor = activeEditorFor('apply');
  if (typeof editor === 'string') return refuse(editor);
  const scope = await captureScope(editor.document, { wholeLines: true, selection: editor.selection });
  if (looksBinary(scope.text)) return refuse(tr('{0} looks like a binary file, so the code cannot be applied to it.', scope.fileName));

  const p = await deps.manager.open({
    document: scope.document,
    startLine: scope.startLine,
    endLine: scope.endLine,
    instruction: tr('Apply code from chat'),
    source: 'chat',
  }, { show: false });
  deps.log.info(`apply from chat ${p.id}: ${block.code.length} characters onto ${scope.label} (${scope.kind})`);
  const hunks = deps.manager.finish(p, block.code);
  if (hunks === 0) {
    void deps.notifier.info(tr('The code block is the same as {0} in {1}; there is nothing to apply.', scope.description, scope.fileName));
    return { status: 'unchanged' };
  }
  await deps.manager.showDiff(p);
  if (scope.kind !== 'selection') {
    void deps.notifier.info(
      tr('Nothing was selected, so the code block is proposed for {0}. Reject it and select the lines to replace if that is not what you meant.', scope.description),
    );
  }
  deps.manager.announce(p);
  return { status: 'ready', proposalId: p.id, hunks };
}
