// Editor steps the end-to-end tests share: the fixture file, opened and selected as a user does.
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { Workbench } from './workbench';

export function samplePath(wb: Workbench): string {
  return path.join(wb.run.workspace, 'src', 'sample.ts');
}

/** Opens src/sample.ts from the explorer and selects lines `from`–`to` (1-based, whole lines). */
export async function openSampleAndSelect(wb: Workbench, from: number, to: number): Promise<void> {
  const { page } = wb;
  const tree = page.locator('.explorer-folders-view .monaco-list-row');
  if (!(await tree.first().isVisible())) await wb.runCommand('View: Show Explorer');
  if ((await tree.filter({ hasText: 'sample.ts' }).count()) === 0) await tree.filter({ hasText: /^src$/ }).first().click();
  await tree.filter({ hasText: 'sample.ts' }).first().click();
  const editor = page.locator('.editor-instance .monaco-editor').first();
  await editor.locator('.view-lines').waitFor();
  await editor.locator('.view-lines').click();
  await goToLine(page, from);
  for (let i = from; i <= to; i++) await page.keyboard.press('Shift+ArrowDown');
}

async function goToLine(page: Page, line: number): Promise<void> {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`:${line}`);
  await input.press('Enter');
}
