import * as vscode from 'vscode';
import type { ChatMessage, StreamEvent } from '../../core/api';
import { isAimlError } from '../../core/api/errors';
import { DeltaCoalescer } from '../../core/chat/coalescer';
import { newConversation, newTurnId, titleFrom, type Conversation, type StoredAttachment, type Turn } from '../../core/chat/conversation';
import type { ConversationStore } from '../../core/chat/store';
import { MODEL_CATALOG, modelLimits } from '../../core/models';
import { buildChatPrompt, checkContextBudget, estimateTokens } from '../../core/prompts';
import { thinkingRequest } from '../../core/settings';
import type { HistoryItem, ToWebview } from '../../shared/protocol';
import type { ClientFactory } from '../clientFactory';
import type { Config } from '../config';
import { Disposable } from '../disposable';
import type { Log } from '../log';
import type { ApiKeyStore } from '../secrets';
import { errorActionsFor } from '../../shared/errorActions';
import { findLastIndex, retryReason, toView } from './turnViews';

const LAST_CONVERSATION_KEY = 'aimlClaude.lastConversation';

export interface ChatSessionDeps {
  store: ConversationStore;
  clients: ClientFactory;
  config: Config;
  keys: ApiKeyStore;
  log: Log;
  state: vscode.Memento;
  post: (message: ToWebview) => void;
}

/**
 * The chat's state and its one streaming request. The conversation lives here (and on disk), not
 * in the webview: the webview shows what it is sent and can be destroyed and rebuilt at any time.
 */
export class ChatSession extends Disposable {
  private conversation: Conversation;
  private readonly pending = new Map<string, StoredAttachment>();
  private abort: AbortController | undefined;
  private running: Promise<void> | undefined;
  private loaded: Promise<void>;

  constructor(private readonly deps: ChatSessionDeps) {
    super();
    this.conversation = newConversation(deps.config.current.model);
    this.loaded = this.restore();
    this.register({ dispose: () => this.abort?.abort(new Error('disposed')) });
  }

  get busy(): boolean {
    return this.abort !== undefined;
  }

  get current(): Conversation {
    return this.conversation;
  }

  /** Resolves when the answer being streamed (if any) has ended; for tests and shutdown. */
  async idle(): Promise<void> {
    await this.running;
  }

  private async restore(): Promise<void> {
    const id = this.deps.state.get<string>(LAST_CONVERSATION_KEY);
    if (!id) return;
    const c = await this.deps.store.load(id);
    if (c) {
      // An answer that was streaming when the window closed can only have been cut off.
      for (const t of c.turns) if (t.status === 'streaming') t.status = 'stopped';
      this.conversation = c;
    }
  }

  async sendInit(): Promise<void> {
    await this.loaded;
    const c = this.conversation;
    this.deps.post({
      type: 'init',
      conversationId: c.id,
      messages: c.turns.map(toView),
      history: await this.history(),
      model: this.deps.config.current.model,
      models: MODEL_CATALOG.map((m) => ({ id: m.id, label: m.label, contextTokens: m.contextTokens, maxOutputTokens: m.maxOutputTokens, retired: m.retired })),
      hasKey: await this.deps.keys.has(),
      thinking: this.deps.config.current.thinking !== 'off',
      busy: this.busy,
    });
    this.postAttachments();
  }

  private async history(): Promise<HistoryItem[]> {
    return (await this.deps.store.list()).slice(0, 200);
  }

  // ── attachments ─────────────────────────────────────────────────────────────────────────────

  addAttachment(a: Omit<StoredAttachment, 'id' | 'tokens'>): void {
    const id = newTurnId();
    this.pending.set(id, { ...a, id, tokens: estimateTokens(a.text) });
    this.postAttachments();
  }

  removeAttachment(id: string): void {
    this.pending.delete(id);
    this.postAttachments();
  }

  private postAttachments(): void {
    this.deps.post({
      type: 'attachments',
      attachments: [...this.pending.values()].map(({ id, kind, label, tokens }) => ({ id, kind, label, tokens })),
    });
  }

  private takeAttachments(ids: readonly string[]): StoredAttachment[] {
    return ids.map((id) => this.pending.get(id)).filter((a): a is StoredAttachment => a !== undefined);
  }

  /** Token estimate of what sending now would cost, against the model's context. */
  estimate(text: string, attachmentIds: readonly string[]): void {
    const model = this.model();
    const draft: Turn = { id: 'draft', role: 'user', text, attachments: this.takeAttachments(attachmentIds), createdAt: 0 };
    const { check } = this.promptFor([...this.conversation.turns, draft]);
    this.deps.post(
      check.ok
        ? { type: 'estimate', tokens: check.promptTokens, limit: model.contextTokens, over: false }
        : { type: 'estimate', tokens: check.promptTokens, limit: model.contextTokens, over: true, message: check.message },
    );
  }

  // ── turns ───────────────────────────────────────────────────────────────────────────────────

  /** Sends a question. Refused (nothing lost: the composer keeps its text) when busy or too big. */
  async send(text: string, attachmentIds: readonly string[]): Promise<void> {
    await this.loaded;
    const question = text.trim();
    const attachments = this.takeAttachments(attachmentIds);
    if (!question && attachments.length === 0) return;
    if (this.busy) {
      this.notice('warning', 'Claude is still answering. Stop it first, or wait for the answer to finish.');
      return;
    }
    if (!(await this.deps.keys.has())) {
      // No key yet: ask for it; the question stays in the box to send once the key is set.
      this.notice('info', 'Set your AI/ML API key first; your question stays in the box.');
      await vscode.commands.executeCommand('aimlClaude.setApiKey');
      return;
    }
    const user: Turn = {
      id: newTurnId(),
      role: 'user',
      text: question,
      attachments: attachments.length ? attachments : undefined,
      createdAt: Date.now(),
    };
    if (!this.fits([...this.conversation.turns, user])) return;
    for (const a of attachments) this.pending.delete(a.id);
    this.postAttachments();
    if (this.conversation.turns.length === 0) this.conversation.title = titleFrom(question || attachments[0]?.label || 'New chat');
    this.conversation.turns.push(user);
    await this.answer(user);
  }

  /**
   * Asks a question prepared by an editor command (Explain): its context travels as attachments,
   * not through the composer's pending chips. `prompt`, when given, is what the model reads in
   * place of `text`, which is the short question the panel shows.
   */
  async ask(text: string, attachments: readonly Omit<StoredAttachment, 'id' | 'tokens'>[], prompt?: string): Promise<void> {
    await this.loaded;
    const stored = attachments.map((a) => ({ ...a, id: newTurnId(), tokens: estimateTokens(a.text) }));
    if (this.busy) {
      this.stop();
      await this.running;
    }
    const user: Turn = {
      id: newTurnId(),
      role: 'user',
      text: text.trim(),
      prompt: prompt?.trim() || undefined,
      attachments: stored.length ? stored : undefined,
      createdAt: Date.now(),
    };
    if (!this.fits([...this.conversation.turns, user])) return;
    if (this.conversation.turns.length === 0) this.conversation.title = titleFrom(text);
    this.conversation.turns.push(user);
    await this.answer(user);
  }

  /** Answers again the last question (the last answer is replaced). */
  async regenerate(): Promise<void> {
    await this.loaded;
    if (this.busy) return;
    const turns = this.conversation.turns;
    const lastUser = findLastIndex(turns, (t) => t.role === 'user');
    if (lastUser < 0) return;
    turns.splice(lastUser + 1);
    this.deps.post({ type: 'truncate', keepCount: turns.length - 1 });
    const user = turns[lastUser] as Turn;
    await this.answer(user, true);
  }

  /** Retry after a failure: the same as regenerate. */
  retry(): Promise<void> {
    return this.regenerate();
  }

  /** Replaces the last question with new text and answers it. */
  async editLast(text: string): Promise<void> {
    await this.loaded;
    if (this.busy || !text.trim()) return;
    const turns = this.conversation.turns;
    const lastUser = findLastIndex(turns, (t) => t.role === 'user');
    if (lastUser < 0) return;
    const old = turns[lastUser] as Turn;
    // The edited words are the question now: a model-facing prompt of the old turn goes.
    const edited: Turn = { ...old, id: newTurnId(), text: text.trim(), prompt: undefined, createdAt: Date.now() };
    if (!this.fits([...turns.slice(0, lastUser), edited])) return;
    turns.splice(lastUser);
    this.deps.post({ type: 'truncate', keepCount: turns.length });
    if (turns.length === 0) this.conversation.title = titleFrom(edited.text);
    turns.push(edited);
    await this.answer(edited);
  }

  stop(): void {
    this.abort?.abort(new Error('stopped by the user'));
  }

  async newChat(): Promise<void> {
    await this.loaded;
    this.stop();
    await this.running;
    this.conversation = newConversation(this.deps.config.current.model);
    this.pending.clear();
    await this.deps.state.update(LAST_CONVERSATION_KEY, undefined);
    await this.sendInit();
  }

  async open(id: string): Promise<void> {
    await this.loaded;
    if (id === this.conversation.id) return;
    const c = await this.deps.store.load(id);
    if (!c) {
      this.notice('error', 'That conversation could not be read; it may have been deleted.');
      this.deps.post({ type: 'history', history: await this.history() });
      return;
    }
    this.stop();
    await this.running;
    this.conversation = c;
    await this.deps.state.update(LAST_CONVERSATION_KEY, c.id);
    await this.sendInit();
  }

  async delete(id: string): Promise<void> {
    await this.loaded;
    if (id === this.conversation.id) {
      this.stop();
      await this.running;
      await this.deps.store.delete(id);
      await this.newChat();
      return;
    }
    await this.deps.store.delete(id);
    this.deps.post({ type: 'history', history: await this.history() });
  }

  /** Text of a code block as the host recorded it: the webview only names it. */
  messageText(messageId: string): string | undefined {
    return this.conversation.turns.find((t) => t.id === messageId && t.role === 'assistant')?.text;
  }

  // ── streaming ───────────────────────────────────────────────────────────────────────────────

  private async answer(user: Turn, regenerated = false): Promise<void> {
    const model = this.deps.config.current.model;
    const assistant: Turn = { id: newTurnId(), role: 'assistant', text: '', model, status: 'streaming', createdAt: Date.now() };
    this.conversation.turns.push(assistant);
    this.conversation.model = model;
    this.conversation.updatedAt = Date.now();
    this.deps.post({ type: 'turnStarted', user: toView(user), assistant: toView(assistant) });
    if (regenerated) this.deps.log.debug(`regenerating the answer to ${user.id}`);
    const abort = new AbortController();
    this.abort = abort;
    const run = this.stream(assistant, abort.signal).finally(() => {
      if (this.abort === abort) this.abort = undefined;
    });
    this.running = run;
    await this.persist();
    await run;
  }

  private async stream(turn: Turn, signal: AbortSignal): Promise<void> {
    const coalescer = new DeltaCoalescer((text, reasoning) =>
      this.deps.post({ type: 'delta', id: turn.id, text, ...(reasoning ? { reasoning } : {}) }),
    );
    let finishReason: string | undefined;
    try {
      if (!(await this.deps.keys.has())) {
        throw Object.assign(new Error('No API key is set.'), { noKey: true });
      }
      const { prompt } = this.promptFor(this.conversation.turns.slice(0, -1));
      if (prompt.droppedMessages > 0) {
        this.notice('info', `The ${prompt.droppedMessages} oldest messages were left out of this request to fit ${this.model().label}’s context.`);
      }
      const settings = this.deps.config.current;
      const limits = this.limits();
      const events: AsyncIterable<StreamEvent> = this.deps.clients.get().stream(
        {
          model: settings.model,
          system: prompt.system,
          messages: prompt.messages,
          maxTokens: limits.maxOutputTokens,
          temperature: settings.temperature,
          thinking: thinkingRequest(settings, limits.known ? limits.model.thinkingModes : undefined),
        },
        { signal },
      );
      for await (const e of events) {
        switch (e.type) {
          case 'text':
            turn.text += e.text;
            coalescer.pushText(e.text);
            break;
          case 'reasoning':
            turn.reasoning = (turn.reasoning ?? '') + e.text;
            coalescer.pushReasoning(e.text);
            break;
          case 'usage':
            turn.usage = { ...e.usage };
            break;
          case 'retry':
            this.deps.post({
              type: 'retrying',
              id: turn.id,
              attempt: e.attempt,
              maxRetries: e.maxRetries,
              delayMs: e.delayMs,
              reason: retryReason(e.error),
            });
            break;
          case 'finish':
            finishReason = e.finishReason;
            break;
          default:
            break;
        }
      }
      turn.status = finishReason === 'length' ? 'truncated' : 'done';
    } catch (err) {
      this.fail(turn, err, signal);
    } finally {
      coalescer.flush();
      coalescer.dispose();
    }
    // Not busy from the moment the panel hears the turn ended: a question sent right away is taken.
    if (this.abort?.signal === signal) this.abort = undefined;
    this.conversation.updatedAt = Date.now();
    this.deps.post({ type: 'turnEnded', message: toView(turn) });
    await this.persist();
  }

  private fail(turn: Turn, err: unknown, signal: AbortSignal): void {
    if (signal.aborted || (isAimlError(err) && err.kind === 'cancelled')) {
      turn.status = 'stopped';
      this.deps.log.info(`answer ${turn.id} stopped after ${turn.text.length} characters`);
      return;
    }
    turn.status = 'failed';
    if (err instanceof Error && (err as { noKey?: boolean }).noKey) {
      turn.error = { kind: 'auth', message: 'No API key is set. Set your AI/ML API key to start chatting.', actions: errorActionsFor('auth') };
      return;
    }
    if (isAimlError(err)) {
      turn.error = { kind: err.kind, message: err.userMessage, actions: errorActionsFor(err.kind) };
      this.deps.log.warn(`answer ${turn.id} failed (${err.kind}${err.status ? ` ${err.status}` : ''}, request ${err.requestId ?? '?'})`, err);
      return;
    }
    this.deps.log.error(`answer ${turn.id} failed unexpectedly`, err);
    turn.error = { kind: 'internal', message: 'Something went wrong while answering. The log has the details.', actions: errorActionsFor('internal') };
  }

  private async persist(): Promise<void> {
    try {
      await this.deps.store.save(this.conversation);
      await this.deps.state.update(LAST_CONVERSATION_KEY, this.conversation.id);
      this.deps.post({ type: 'history', history: await this.history() });
    } catch (err) {
      this.deps.log.error('could not save the conversation', err);
      this.notice('error', 'The conversation could not be saved to disk. It is kept while this window is open; the log has the details.');
    }
  }

  // ── helpers ─────────────────────────────────────────────────────────────────────────────────

  private limits() {
    const s = this.deps.config.current;
    return modelLimits(s.model, s.maxOutputTokens);
  }

  private model() {
    return this.limits().model;
  }

  /** Whether the turns fit the model's context; posts the reason when they do not. */
  private fits(turns: Turn[]): boolean {
    const { check } = this.promptFor(turns);
    if (check.ok) return true;
    this.deps.post({ type: 'estimate', tokens: check.promptTokens, limit: this.model().contextTokens, over: true, message: check.message });
    this.notice('error', check.message);
    return false;
  }

  /**
   * The prompt for the last (user) turn of `turns`: earlier exchanges, oldest first, are left out
   * when the whole would not fit the model's context with room for the answer.
   */
  private promptFor(turns: readonly Turn[]) {
    const last = turns.at(-1) as Turn;
    const { model, maxOutputTokens: maxOutput } = this.limits();
    const prompt = buildChatPrompt(this.historyMessages(turns.slice(0, -1)), last.prompt ?? last.text, last.attachments ?? [], {
      maxPromptTokens: Math.max(0, model.contextTokens - maxOutput),
    });
    return { prompt, check: checkContextBudget(prompt, model, maxOutput, { subject: 'The question with its attachments', advice: 'Attach less, or start a new chat.' }) };
  }

  /**
   * The conversation as model messages: answered exchanges only. A question whose answer failed
   * with no text is left out, so the roles keep alternating.
   */
  private historyMessages(turns: readonly Turn[]): ChatMessage[] {
    const out: ChatMessage[] = [];
    for (let i = 0; i < turns.length; i++) {
      const t = turns[i] as Turn;
      const next = turns[i + 1];
      if (t.role !== 'user' || !next || next.role !== 'assistant' || !next.text) continue;
      const asked = buildChatPrompt([], t.prompt ?? t.text, t.attachments ?? []).messages.at(-1);
      out.push({ role: 'user', content: asked?.content ?? t.text }, { role: 'assistant', content: next.text });
      i++;
    }
    return out;
  }

  private notice(level: 'info' | 'warning' | 'error', text: string): void {
    this.deps.post({ type: 'notice', level, text });
  }
}
