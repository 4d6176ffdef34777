import type { ToolStepView } from '../../shared/protocol';
import { t } from '../l10n';
import { h, icon } from './dom';

const STATUS_ICON: Record<ToolStepView['status'], string> = {
  running: 'loading codicon-modifier-spin', // l10n-ignore: codicon names
  done: 'check',
  failed: 'warning',
};

const TOOL_ICON: Record<string, string> = {
  read_file: 'file',
  list_files: 'list-tree',
  search_text: 'search',
  find_symbol: 'symbol-method',
  get_problems: 'warning',
  edit_file: 'edit',
  create_file: 'new-file',
};

/**
 * The steps Claude took while answering (each tool call), shown above the answer's text as compact
 * rows: the tool's icon, the one-line summary (backtick-quoted names as code), and, on expanding,
 * what was sent to Claude. Everything in a step is untrusted text — file names, contents, search
 * results — and is set with text nodes only, never parsed as HTML.
 */
export class ToolStepList {
  readonly el = h('div', { class: 'tool-steps', role: 'list', 'aria-label': t('Steps Claude took') });
  private readonly rows = new Map<string, HTMLElement>();

  constructor(private readonly messageId: string) {}

  get size(): number {
    return this.rows.size;
  }

  /** Adds a step or updates it in place (a running step becomes done or failed). */
  upsert(step: ToolStepView): void {
    const row = this.render(step);
    const old = this.rows.get(step.id);
    if (old) old.replaceWith(row);
    else this.el.append(row);
    this.rows.set(step.id, row);
    this.el.hidden = false;
  }

  setAll(steps: readonly ToolStepView[]): void {
    this.el.replaceChildren();
    this.rows.clear();
    for (const s of steps) this.upsert(s);
    this.el.hidden = steps.length === 0;
  }

  private render(step: ToolStepView): HTMLElement {
    const summary = h('summary', { class: 'tool-step-summary' }, icon(TOOL_ICON[step.name] ?? 'tools'), h('span', { class: 'tool-step-text' }, ...codeSpans(step.summary)));
    const status = h('span', { class: `tool-step-status status-${step.status}`, 'aria-label': step.status === 'running' ? t('running') : step.status === 'failed' ? t('refused or failed') : t('done') }, icon(STATUS_ICON[step.status]));
    summary.append(status);
    if (step.location) {
      const { path, line } = step.location;
      const open = h(
        'button',
        { type: 'button', class: 'icon-button tool-step-open', 'data-open-step': step.id, 'data-message-id': this.messageId, title: line ? t('Open {0} at line {1}', path, line) : t('Open {0}', path), 'aria-label': t('Open {0}', path) },
        icon('go-to-file'),
      );
      summary.append(open);
    }
    const details = h('details', { class: `tool-step tool-step-${step.status}`, role: 'listitem' }, summary);
    const detail = h('div', { class: 'tool-step-detail' });
    if (step.arguments) detail.append(h('div', { class: 'tool-step-label' }, t('Asked')), h('pre', { class: 'tool-step-pre' }, step.arguments));
    if (step.result !== undefined) detail.append(h('div', { class: 'tool-step-label' }, t('Sent to Claude')), h('pre', { class: 'tool-step-pre' }, step.result));
    if (detail.childElementCount) details.append(detail);
    return details;
  }
}

/** "Read `src/a.ts` 1–20" → text, <code>src/a.ts</code>, text: only text nodes. */
export function codeSpans(text: string): Array<Node | string> {
  const parts = text.split('`');
  return parts.map((p, i) => (i % 2 === 1 ? h('code', {}, p) : p)).filter((p) => p !== '');
}
