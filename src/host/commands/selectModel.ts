import * as vscode from 'vscode';
import { findModel, formatTokens, MODEL_CATALOG, type ModelInfo } from '../../core/models';
import { settingSchemas } from '../../core/settings';
import type { Config } from '../config';
import type { Log } from '../log';

interface ModelItem extends vscode.QuickPickItem {
  model?: ModelInfo;
  custom?: true;
}

/** "AIML Claude: Select Model": the catalog with context sizes; retired models shown but refused. */
export async function selectModel(config: Config, log: Log): Promise<string | undefined> {
  const current = config.current.model;
  const currentInfo = findModel(current);
  const items: ModelItem[] = MODEL_CATALOG.map((m) => ({
    label: `${m.retired ? '$(circle-slash)' : m.id === currentInfo?.id ? '$(check)' : '$(blank)'} ${m.label}`,
    description: m.retired
      ? vscode.l10n.t('{0} context · {1} output · retired', formatTokens(m.contextTokens), formatTokens(m.maxOutputTokens))
      : vscode.l10n.t('{0} context · {1} output', formatTokens(m.contextTokens), formatTokens(m.maxOutputTokens)),
    detail: `${m.id} — ${m.description}`,
    model: m,
  }));
  if (!currentInfo) {
    items.unshift({ label: `$(check) ${current}`, description: vscode.l10n.t('custom model id'), detail: vscode.l10n.t('Not in the catalog; sent as written.') });
  }
  items.push({ label: '', kind: vscode.QuickPickItemKind.Separator }, { label: vscode.l10n.t('$(edit) Enter a model id…'), custom: true, detail: vscode.l10n.t('Any id or alias your gateway serves') });

  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('AIML Claude: Select Model'),
    placeHolder: vscode.l10n.t('Current: {0}', currentInfo?.label ?? current),
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (!picked) return undefined;

  let id: string | undefined;
  if (picked.custom) {
    id = (
      await vscode.window.showInputBox({
        title: vscode.l10n.t('AIML Claude: Model id'),
        value: current,
        prompt: vscode.l10n.t('A model id or alias, e.g. claude-opus-4-8 or anthropic/claude-sonnet-4.5'),
        // The same rule the setting is read with, so what is accepted here is never refused there.
        validateInput: (v) => (settingSchemas.model.safeParse(v).success ? undefined : vscode.l10n.t('Letters, digits and . _ : / @ - only')),
      })
    )?.trim();
  } else if (picked.model) {
    if (picked.model.retired) {
      void vscode.window.showWarningMessage(
        vscode.l10n.t('AIML Claude: {0} is no longer served by the AI/ML API. Pick another model.', picked.model.label),
      );
      return undefined;
    }
    id = picked.model.id;
  }
  if (!id) return undefined;
  await config.setModel(id);
  log.info(`model set to ${id}`);
  return id;
}
