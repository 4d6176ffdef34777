// The markup around each code block: a header with the language and the action buttons the chat UI
// wires up (it finds the code through data-block-index in the renderer's side table, never by
// reading the DOM, which holds highlighted markup rather than the code itself).
import type { CodeBlock } from '../../core/markdown/codeBlocks';
import { t } from '../l10n';
import { escapeHtml } from './escape';
import { highlightCode, isKnownLanguage } from './highlight';

export type { CodeBlock };
export type CodeAction = 'copy' | 'insert' | 'apply' | 'open';

interface ActionSpec {
  readonly action: CodeAction;
  readonly icon: string;
  /** The button's tooltip. */
  readonly title: () => string;
  /**
   * What a screen reader says for the button: the action, which block (counted from 1 in the
   * answer) and its language, so that "Copy code block 2 (python)" is told apart from the others.
   * One whole sentence per action, so a translation need not glue a verb to a noun.
   */
  readonly label: (block: number, lang: string) => string;
}

// Functions, not strings: the page's translations are read when a block is drawn, not at load.
const ACTIONS: readonly ActionSpec[] = [
  { action: 'copy', icon: 'copy', title: () => t('Copy'), label: (n, lang) => t('Copy code block {0} ({1})', n, lang) },
  { action: 'insert', icon: 'insert', title: () => t('Insert at cursor'), label: (n, lang) => t('Insert at cursor code block {0} ({1})', n, lang) },
  { action: 'apply', icon: 'diff', title: () => t('Apply to selection'), label: (n, lang) => t('Apply to selection code block {0} ({1})', n, lang) },
  { action: 'open', icon: 'new-file', title: () => t('Open in new editor'), label: (n, lang) => t('Open in new editor code block {0} ({1})', n, lang) },
];

/** The name of a block's button for a screen reader ("Copy code block 2 (python)"). */
function actionLabel(action: ActionSpec, index: number, lang: string): string {
  return action.label(index + 1, langName(lang));
}

function toolbarLabel(index: number, lang: string): string {
  return t('Actions for code block {0} ({1})', index + 1, langName(lang));
}

/** The language as the block's header shows it; a fence without one is plain "text". */
function langName(lang: string): string {
  return lang || 'text';
}

// The language also becomes a class name; keep only characters that cannot break out of it.
function classSafe(lang: string): string {
  return lang.replace(/[^A-Za-z0-9_+#.-]/g, '');
}

/** The class attribute of a code block's <code> element ("" for none). */
export function codeClass(lang: string, highlight: boolean): string {
  const cls = classSafe(lang);
  return [highlight && isKnownLanguage(lang) ? 'hljs' : '', cls ? `language-${cls}` : ''].filter(Boolean).join(' ');
}

/**
 * HTML of one code block. `highlight` is false for provisional renders of a streaming tail: the
 * block is highlighted once, when it is sealed, instead of on every frame.
 */
export function renderCodeBlock(block: CodeBlock, index: number, highlight: boolean): string {
  const lang = block.lang;
  const body = highlight ? highlightCode(block.code, lang) : escapeHtml(block.code);
  const cls = classSafe(lang);
  const classes = codeClass(lang, highlight);
  const codeAttrs = classes ? ` class="${classes}"` : '';
  const label = escapeHtml(langName(lang));
  // l10n-ignore-start: HTML markup; its text comes from ACTIONS and toolbarLabel
  const buttons = ACTIONS.map(
    (a) =>
      `<button type="button" class="code-action" data-action="${a.action}" data-block-index="${index}"` +
      ` title="${escapeHtml(a.title())}" aria-label="${escapeHtml(actionLabel(a, index, lang))}">` +
      `<span class="codicon codicon-${a.icon}" aria-hidden="true"></span></button>`,
  ).join('');
  return (
    `<div class="code-block" data-block-index="${index}" data-lang="${escapeHtml(cls)}">` +
    `<div class="code-block-header"><span class="code-block-lang">${label}</span>` +
    `<span class="code-block-actions" role="toolbar" aria-label="${escapeHtml(toolbarLabel(index, lang))}">${buttons}</span></div>` +
    `<pre><code${codeAttrs}>${body}</code></pre></div>\n`
  );
  // l10n-ignore-end
}

/**
 * The DOM renderCodeBlock(block, index, false) describes, built with the DOM API: a code block of
 * the streaming tail, before it is highlighted. See domBuilder.ts for why the tail is built so.
 */
export function buildCodeBlock(block: CodeBlock, index: number, doc: Document): Element {
  const el = (tag: string, attrs: ReadonlyArray<readonly [string, string]>, ...children: Array<Node | string>): Element => {
    const node = doc.createElement(tag);
    for (const [name, value] of attrs) node.setAttribute(name, value);
    node.append(...children);
    return node;
  };
  const buttons = ACTIONS.map((a) =>
    el(
      'button',
      [['type', 'button'], ['class', 'code-action'], ['data-action', a.action], ['data-block-index', String(index)], ['title', a.title()], ['aria-label', actionLabel(a, index, block.lang)]],
      el('span', [['class', `codicon codicon-${a.icon}`], ['aria-hidden', 'true']]), // l10n-ignore: class names
    ),
  );
  const classes = codeClass(block.lang, false);
  const code = el('code', classes ? [['class', classes]] : []);
  if (block.code) code.append(block.code);
  return el(
    'div',
    [['class', 'code-block'], ['data-block-index', String(index)], ['data-lang', classSafe(block.lang)]],
    el(
      'div',
      [['class', 'code-block-header']],
      el('span', [['class', 'code-block-lang']], langName(block.lang)),
      el('span', [['class', 'code-block-actions'], ['role', 'toolbar'], ['aria-label', toolbarLabel(index, block.lang)]], ...buttons),
    ),
    el('pre', [], code),
  );
}
