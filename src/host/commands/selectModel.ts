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
    description: `${formatTokens(m.contextTokens)} context · ${formatTokens(m.maxOutputTokens)} output${m.retired ? ' · retired' : ''}`,
    detail: `${m.id} — ${m.description}`,
    model: m,
  }));
  if (!currentInfo) {
    items.unshift({ label: `$(check) ${current}`, description: 'custom model id', detail: 'Not in the catalog; sent as written.' });
  }
  items.push({ label: '', kind: vscode.QuickPickItemKind.Separator }, { label: '$(edit) Enter a model id…', custom: true, detail: 'Any id or alias your gateway serves' });

  const picked = await vscode.window.showQuickPick(items, {
    title: 'AIML Claude: Select Model',
    placeHolder: `Current: ${currentInfo?.label ?? current}`,
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (!picked) return undefined;

  let id: string | undefined;
  if (picked.custom) {
    id = (
      await vscode.window.showInputBox({
        title: 'AIML Claude: Model id',
        value: current,
        prompt: 'A model id or alias, e.g. claude-opus-4-8 or anthropic/claude-sonnet-4.5',
        // The same rule the setting is read with, so what is accepted here is never refused there.
        validateInput: (v) => (settingSchemas.model.safeParse(v).success ? undefined : 'Letters, digits and . _ : / @ - only'),
      })
    )?.trim();
  } else if (picked.model) {
    if (picked.model.retired) {
      void vscode.window.showWarningMessage(
        `AIML Claude: ${picked.model.label} is no longer served by the AI/ML API. Pick another model.`,
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
