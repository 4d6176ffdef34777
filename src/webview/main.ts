// The chat panel. It shows what the host sends and tells the host what the user clicked; the
// conversation itself lives in the host, so this page can be destroyed and rebuilt at any time.
import { setTranslator } from '../core/l10n';
import { codeHash } from '../shared/codeHash';
import { parseToWebview, type FromWebview, type ToWebview } from '../shared/protocol';
import { t } from './l10n';
import { Composer } from './ui/composer';
import { h, icon } from './ui/dom';
import { Announcer } from './ui/announcer';
import { emptyState, Header } from './ui/header';
import { MessageList } from './ui/messageList';
import { SpentBadge } from './ui/spentBadge';
import { restrictedModeBanner } from './ui/trustBanner';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): { draft?: string } | undefined;
  setState(state: { draft?: string }): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

// The core's sentences the panel shows (an answer's usage line and its tooltip) come from this
// page's copy of the core, which has no translator of its own: give it the page's bundle.
setTranslator(t);

const vscode = acquireVsCodeApi();
const post = (m: FromWebview) => vscode.postMessage(m);

const app = document.getElementById('app') as HTMLElement;
let hasKey = true;
let busy = false;
let conversationId = '';

const header = new Header({
  selectModel: (model) => post({ type: 'selectModel', model }),
  open: (id) => post({ type: 'openConversation', id }),
  remove: (id) => post({ type: 'deleteConversation', id }),
  rename: (id) => post({ type: 'renameConversation', id }),
  export: (id) => post({ type: 'exportConversation', id }),
  search: (query) => post({ type: 'searchHistory', query }),
});
const list = new MessageList();
const spent = new SpentBadge();
header.el.append(spent.el);
const composer = new Composer({
  send: (text, attachmentIds) => post({ type: 'send', text, attachmentIds }),
  resend: (text) => post({ type: 'editLast', text }),
  stop: () => post({ type: 'stop' }),
  attach: (kind) => post({ type: 'attach', kind }),
  removeAttachment: (id) => post({ type: 'removeAttachment', id }),
  estimate: (text, attachmentIds) => post({ type: 'estimate', text, attachmentIds }),
  draftChanged: (draft) => vscode.setState({ draft }),
  instructions: (action, source) => post({ type: 'instructions', action, source }),
  warm: () => post({ type: 'warm' }),
});
const empty = h('div', { class: 'empty-wrap' });
const notices = h('div', { class: 'notices', role: 'status', 'aria-live': 'polite' });
const trustBanner = restrictedModeBanner(post);
const announcer = new Announcer();
app.replaceChildren(header.el, header.historyPanel, trustBanner.el, list.el, empty, notices, composer.el, announcer.el);
composer.setDraft(vscode.getState()?.draft ?? '');

function refreshEmpty(): void {
  const isEmpty = list.messages.length === 0;
  empty.hidden = !isEmpty;
  list.el.hidden = isEmpty;
  if (isEmpty) empty.replaceChildren(emptyState(hasKey, () => post({ type: 'errorAction', action: 'setApiKey' })));
}

function setBusy(value: boolean): void {
  busy = value;
  composer.setBusy(value);
  list.refreshLastActions(value);
}

function notice(level: 'info' | 'warning' | 'error', text: string): void {
  const close = h('button', { type: 'button', class: 'icon-button', 'aria-label': t('Dismiss'), title: t('Dismiss') }, icon('close'));
  const el = h('div', { class: `notice notice-${level}` }, icon(level === 'info' ? 'info' : level), h('span', { class: 'notice-text' }, text), close);
  close.addEventListener('click', () => el.remove());
  notices.append(el);
  while (notices.children.length > 3) notices.firstElementChild?.remove();
  if (level === 'info') setTimeout(() => el.remove(), 8000);
}

// Clicks inside answers: code-block buttons, links, error actions, last-turn actions.
list.el.addEventListener('click', (e) => {
  const target = e.target as HTMLElement;
  const link = target.closest<HTMLAnchorElement>('a');
  if (link) {
    e.preventDefault();
    const href = link.dataset.href ?? link.getAttribute('href');
    if (href) post({ type: 'openLink', href });
    return;
  }
  const change = target.closest<HTMLButtonElement>('button[data-change-action]');
  if (change) {
    const messageId = change.dataset.messageId;
    const a = change.dataset.changeAction;
    const path = change.dataset.path;
    if (messageId && (a === 'open' || a === 'accept' || a === 'reject' || a === 'acceptAll' || a === 'rejectAll' || a === 'undo')) {
      post({ type: 'changeAction', messageId, action: a, ...(path ? { path } : {}) });
    }
    return;
  }
  const removeDefinition = target.closest<HTMLButtonElement>('button[data-remove-turn-attachment]');
  if (removeDefinition) {
    const messageId = removeDefinition.dataset.messageId;
    const attachmentId = removeDefinition.dataset.removeTurnAttachment;
    if (messageId && attachmentId) post({ type: 'removeTurnAttachment', messageId, attachmentId });
    return;
  }
  const openAnswer = target.closest<HTMLButtonElement>('button[data-open-answer]');
  if (openAnswer?.dataset.openAnswer) {
    post({ type: 'openAnswer', messageId: openAnswer.dataset.openAnswer });
    return;
  }
  const openStep = target.closest<HTMLButtonElement>('button[data-open-step]');
  if (openStep) {
    // Inside the step's <summary>: open the file without also folding the step open.
    e.preventDefault();
    const messageId = openStep.dataset.messageId;
    const stepId = openStep.dataset.openStep;
    if (messageId && stepId) post({ type: 'openStep', messageId, stepId });
    return;
  }
  const action = target.closest<HTMLButtonElement>('button[data-action]');
  if (action) {
    const messageId = action.closest<HTMLElement>('[data-message-id]')?.dataset.messageId;
    const blockIndex = Number(action.dataset.blockIndex);
    const kind = action.dataset.action;
    // The fingerprint of the code this block shows, from the renderer's side table: the host acts
    // only if its own copy of the block has the same code.
    const block = messageId && Number.isInteger(blockIndex) ? list.codeBlock(messageId, blockIndex) : undefined;
    if (messageId && block && (kind === 'copy' || kind === 'insert' || kind === 'apply' || kind === 'open')) {
      post({ type: 'codeAction', action: kind, messageId, blockIndex, codeHash: codeHash(block.code) });
      if (kind === 'copy') {
        action.classList.add('done');
        setTimeout(() => action.classList.remove('done'), 1200);
      }
    }
    return;
  }
  const errorAction = target.closest<HTMLButtonElement>('button[data-error-action]');
  if (errorAction) {
    const a = errorAction.dataset.errorAction;
    if (a === 'setApiKey' || a === 'pickModel' || a === 'retry' || a === 'showLog' || a === 'retryLonger') post({ type: 'errorAction', action: a });
    return;
  }
  const command = target.closest<HTMLButtonElement>('button[data-command]');
  if (command?.dataset.command === 'regenerate') post({ type: 'regenerate' });
  else if (command?.dataset.command === 'editLast') composer.editLast(list.lastUserText() ?? '');
});

// Escape closes what is on top first (the history list, a search, an edit: their own handlers
// take the key); otherwise, while an answer is being written, it stops the answer (README, "Keyboard").
window.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && busy && !e.defaultPrevented) post({ type: 'stop' });
});

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  // Validated as the host's messages are (src/shared/protocol.ts): after an update the two sides
  // may briefly disagree, and a message of the wrong shape is dropped rather than half-rendered.
  const parsed = parseToWebview(event.data);
  if (!parsed.ok) {
    console.warn(`AIML Claude: ignored a malformed message from the extension: ${parsed.error}`);
    return;
  }
  handle(parsed.message);
});

function handle(m: ToWebview): void {
  switch (m.type) {
    case 'init':
      conversationId = m.conversationId;
      hasKey = m.hasKey;
      list.setModels(m.models);
      header.setModels(m.models, m.model);
      header.setHistory(m.history, conversationId);
      list.reset(m.messages);
      setBusy(m.busy);
      trustBanner.update(m.trust);
      app.removeAttribute('aria-busy');
      refreshEmpty();
      break;
    case 'trust':
      trustBanner.update(m.trust);
      break;
    case 'history':
      header.setHistory(m.history, conversationId);
      break;
    case 'keyState':
      hasKey = m.hasKey;
      refreshEmpty();
      break;
    case 'model':
      header.setModel(m.model);
      break;
    case 'turnStarted':
      composer.accepted();
      list.add(m.user);
      list.add(m.assistant);
      announcer.started();
      setBusy(true);
      refreshEmpty();
      break;
    case 'delta':
      list.delta(m.id, m.text, m.reasoning);
      break;
    case 'turnUpdated':
      list.update(m.message);
      break;
    case 'toolStep':
      list.toolStep(m.id, m.step);
      break;
    case 'note':
      list.note(m.id, m.text);
      break;
    case 'instructions':
      composer.setInstructions(m.items);
      break;
    case 'retrying':
      list.retrying(m.id, m.attempt, m.maxRetries, m.delayMs, m.reason);
      break;
    case 'turnEnded':
      list.ended(m.message);
      announcer.ended(m.message);
      setBusy(false);
      break;
    case 'truncate':
      list.truncate(m.keepCount);
      refreshEmpty();
      break;
    case 'attachments':
      composer.setAttachments(m.attachments);
      break;
    case 'estimate':
      composer.showEstimate(m.tokens, m.limit, m.over, m.message);
      break;
    case 'spent':
      spent.update(m.usage);
      break;
    case 'notice':
      notice(m.level, m.text);
      break;
  }
}

post({ type: 'ready' });
