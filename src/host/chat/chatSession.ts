import type { CallOptions, ChatRequest, StreamEvent } from '../../core/api';
import { isAimlError } from '../../core/api/errors';
import { DeltaCoalescer } from '../../core/chat/coalescer';
import { newConversation, newTurnId, titleFrom, type Conversation, type StoredAttachment, type StoredFileChange, type StoredToolRound, type Turn } from '../../core/chat/conversation';
import { HistoryMessages } from '../../core/chat/historyMessages';
import type { ConversationStore } from '../../core/chat/store';
import type { Logger } from '../../core/log';
import { MODEL_CATALOG, modelLimits, type ModelLimits } from '../../core/models';
import { buildChatPrompt, checkContextBudget, estimatePromptTokens, estimateTokens, formatCount, type Instructions } from '../../core/prompts';
import { lineStats, runningSummary, runToolLoop, stubOldestResults, ToolSet, type ChangeSet, type LoopEvent, type LoopNotice, type ToolContext } from '../../core/tools';
import { thinkingRequest, type Settings } from '../../core/settings';
import { addUsage, checkSpend, spentSoFar } from '../../core/usage';
import { tr } from '../../core/l10n';
import { errorActionsFor } from '../../shared/errorActions';
import type { HistoryItem, InstructionsChip, ToWebview, TrustView } from '../../shared/protocol';
import { answerEnd, answerEndOf, type EndedBy } from './answerEnd';
import { findLastIndex, retryReason, stepView, toView } from './turnViews';

const LAST_CONVERSATION_KEY = 'aimlClaude.lastConversation';

/** The one call a chat answer needs from the API client (AimlClient has it). */
export interface ChatClient {
  stream(req: ChatRequest, opts: CallOptions): AsyncIterable<StreamEvent>;
}

/** A small key-value store that outlives the window (VS Code's globalState is one). */
export interface KeyValueState {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

/**
 * What the session needs, as small interfaces so that it runs under plain Node: the extension
 * passes its ClientFactory, Config, ApiKeyStore, globalState and the Set API Key command; the unit
 * tests pass a real AimlClient, plain settings and a temporary ConversationStore.
 */
export interface ChatSessionDeps {
  readonly store: Pick<ConversationStore, 'load' | 'save' | 'delete' | 'list'>;
  /** The client to use now (rebuilt by the host when its settings change). */
  readonly clients: { get(): ChatClient };
  readonly config: { readonly current: Settings };
  readonly keys: { has(): Promise<boolean> };
  /** Asks the user for the API key (the Set API Key command); resolves when they are done. */
  readonly promptForKey: () => PromiseLike<unknown>;
  readonly log: Logger;
  readonly state: KeyValueState;
  readonly post: (message: ToWebview) => void;
  /** Restricted Mode as the panel shows it (TrustBanner). */
  readonly trust: () => TrustView;
  /** The project instructions in force (AGENTS.md, CLAUDE.md, the setting); none when absent. */
  readonly instructions?: InstructionsSource;
  /**
   * The tools an answer may use now, or undefined when there are none (the setting is off, the
   * folder is not trusted, no folder is open). Asked once per answer, with the answer's signal.
   */
  readonly tools?: (signal: AbortSignal) => ChatTools | undefined;
  /**
   * Asks whether to send although the conversation crossed aimlClaude.spendWarning ("This
   * conversation has used 212,000 tokens (warning at 200,000). Send anyway?"); true sends.
   */
  readonly confirmSpend?: (message: string) => PromiseLike<boolean>;
}

export interface InstructionsSource {
  current(): Promise<Instructions[]>;
  onDidChange(listener: () => void): { dispose(): void };
}

export interface ChatTools {
  readonly set: ToolSet;
  readonly context: ToolContext;
  readonly maxRounds: number;
  /** The answer's proposals (edit_file, create_file), when the edit tools are offered. */
  readonly changes?: ChangeSet;
}

/** With no output this long after the answer's headers, the question is saved all the same. */
const QUESTION_SAVE_AFTER_HEADERS_MS = 1000;

/** When, during an answer, the question is first written to disk (see ChatSession.answer). */
interface QuestionSave {
  /** Soon: once the current event (the first output handed to the panel) is done. */
  now(): void;
  /** The headers came: save after QUESTION_SAVE_AFTER_HEADERS_MS unless output comes first. */
  headersArrived(): void;
}

const NO_TOOLS = new ToolSet([]);
const NO_TOOL_CONTEXT: ToolContext = { roots: [], denied: () => true, excludeGlobs: [], ripgrep: undefined };

/**
 * The one thing the session is doing: an answer (from the claim, before the request, to the end of
 * the stream) or a switch of conversation. Claimed synchronously, before any await, so that two
 * quick sends cannot both start, and Stop, New Chat, Open and Delete always reach the running one.
 */
interface Run {
  readonly kind: 'answer' | 'switch';
  readonly abort: AbortController;
  /** Settles once the run has ended and its conversation is saved. */
  readonly done: Promise<void>;
  settle(): void;
  /** The answer's deltas not yet posted, while it streams. */
  coalescer?: DeltaCoalescer;
}

/**
 * The chat's state and its one streaming request. The conversation lives here (and on disk), not
 * in the webview: the webview shows what it is sent and can be destroyed and rebuilt at any time.
 */
export class ChatSession {
  private conversation: Conversation;
  private readonly pending = new Map<string, StoredAttachment>();
  /** Earlier exchanges as model messages, kept per exchange (a long conversation is not rebuilt per keystroke). */
  private readonly historyMessages = new HistoryMessages();
  private run: Run | undefined;
  /** The done of the latest run, for idle(). */
  private lastDone: Promise<void> = Promise.resolve();
  /** Saves, one after another: a slow earlier save never lands over a later one. */
  private saving: Promise<void> = Promise.resolve();
  private readonly loaded: Promise<void>;
  /** The project instructions as last read (the estimate and the prompt are built without waiting). */
  private instructions: Instructions[] = [];
  private readonly subscriptions: Array<{ dispose(): void }> = [];
  /** The panel was told once that a USD spend warning cannot be checked without a reported cost. */
  private unmeasuredSaid = false;

  constructor(private readonly deps: ChatSessionDeps) {
    this.conversation = newConversation(deps.config.current.model);
    this.loaded = Promise.all([this.restore(), this.readInstructions()]).then(() => undefined);
    const source = deps.instructions;
    if (source) this.subscriptions.push(source.onDidChange(() => void this.readInstructions().then(() => this.postInstructions())));
  }

  /** Ends a running answer (the extension is shutting down: the window closes or reloads). */
  dispose(): void {
    this.run?.abort.abort(answerEnd('shutdown'));
    for (const s of this.subscriptions.splice(0)) s.dispose();
  }

  // ── project instructions ────────────────────────────────────────────────────────────────────

  private async readInstructions(): Promise<void> {
    try {
      this.instructions = (await this.deps.instructions?.current()) ?? [];
    } catch (err) {
      this.deps.log.warn('could not read the project instructions', err);
      this.instructions = [];
    }
  }

  /** The instructions this conversation uses: all in force but those the user turned off in it. */
  private activeInstructions(conversation = this.conversation): Instructions[] {
    const off = new Set(conversation.disabledInstructions ?? []);
    return this.instructions.filter((i) => !off.has(i.source));
  }

  private postInstructions(): void {
    const off = new Set(this.conversation.disabledInstructions ?? []);
    const items: InstructionsChip[] = this.instructions.map((i) => ({ source: i.source, tokens: estimateTokens(i.text), active: !off.has(i.source), cut: i.cutFromBytes !== undefined }));
    this.post({ type: 'instructions', items });
  }

  /** Turns a source of instructions off (or back on) for this conversation only. */
  async setInstructionsActive(source: string, active: boolean): Promise<void> {
    await this.loaded;
    const off = new Set(this.conversation.disabledInstructions ?? []);
    if (active) off.delete(source);
    else off.add(source);
    this.conversation.disabledInstructions = off.size ? [...off] : undefined;
    this.postInstructions();
    // Saved with the conversation once it has a turn (an empty chat is not kept on disk).
    if (this.conversation.turns.length > 0) await this.persist(this.conversation);
  }

  /** The file of a source of instructions, to open (undefined for the setting). */
  instructionsFile(source: string): string | undefined {
    return this.instructions.find((i) => i.source === source)?.file;
  }

  /**
   * Removes a definition Explain attached to an earlier question, so the questions that follow no
   * longer send it (the answer already given stays as it is).
   */
  async removeTurnAttachment(messageId: string, attachmentId: string): Promise<void> {
    await this.loaded;
    const turn = this.conversation.turns.find((t) => t.id === messageId && t.role === 'user');
    const kept = turn?.attachments?.filter((a) => !(a.id === attachmentId && a.kind === 'definition'));
    if (!turn || !kept || kept.length === turn.attachments?.length) return;
    turn.attachments = kept.length ? kept : undefined;
    this.post({ type: 'turnUpdated', message: toView(turn) });
    await this.persist(this.conversation);
  }

  /** The changes an answer proposes (for the review in the host); undefined when it is not on screen. */
  changesOf(messageId: string): StoredFileChange[] | undefined {
    return this.conversation.turns.find((t) => t.id === messageId && t.role === 'assistant')?.changes;
  }

  /** The review changed the states of an answer's changes: saved, and the panel's card redrawn. */
  async changesUpdated(messageId: string): Promise<void> {
    const turn = this.conversation.turns.find((t) => t.id === messageId);
    if (!turn) return;
    this.post({ type: 'turnUpdated', message: toView(turn) });
    await this.persist(this.conversation);
  }

  /** Where a tool step of an answer points (the panel only names the step). */
  stepLocation(messageId: string, stepId: string): { root?: string; path: string; line?: number } | undefined {
    const turn = this.conversation.turns.find((t) => t.id === messageId);
    for (const round of turn?.rounds ?? []) for (const c of round.calls) if (c.id === stepId && c.location) return c.location;
    return undefined;
  }

  /** Whether an answer is running (or about to: claimed, not yet sent); a new question is refused. */
  get busy(): boolean {
    return this.run !== undefined;
  }

  get current(): Conversation {
    return this.conversation;
  }

  /** Resolves when every answer started so far has ended and been saved; for tests and shutdown. */
  async idle(): Promise<void> {
    for (;;) {
      const done = this.lastDone;
      await done;
      await this.saving;
      if (done === this.lastDone) return;
    }
  }

  private async restore(): Promise<void> {
    const id = this.deps.state.get<string>(LAST_CONVERSATION_KEY);
    if (!id) return;
    let c: Conversation | undefined;
    try {
      c = await this.deps.store.load(id);
    } catch (err) {
      // A bad id in the state: start with a new chat rather than a panel that never loads.
      this.deps.log.warn('the last conversation could not be reopened', err);
    }
    if (c) {
      // An answer still streaming when the window closed was cut off by the window, not the user.
      for (const t of c.turns) {
        if (t.status === 'streaming') {
          t.status = 'interrupted';
          t.interruption = 'windowClosed';
        }
      }
      this.conversation = c;
    }
  }

  async sendInit(): Promise<void> {
    await this.loaded;
    const history = await this.history();
    const hasKey = await this.deps.keys.has();
    // Taken after the awaits, with the streaming answer's pending text sent first: the panel's copy
    // of the answer is then exactly the host's, and every later delta continues it (deltas sent
    // before init, to a panel that has no such message yet, are dropped there).
    this.run?.coalescer?.flush();
    const c = this.conversation;
    this.post({
      type: 'init',
      conversationId: c.id,
      messages: c.turns.map(toView),
      history,
      model: this.deps.config.current.model,
      models: MODEL_CATALOG.map((m) => ({ id: m.id, label: m.label, contextTokens: m.contextTokens, maxOutputTokens: m.maxOutputTokens, retired: m.retired })),
      hasKey,
      thinking: this.deps.config.current.thinking !== 'off',
      busy: c.turns.at(-1)?.status === 'streaming',
      trust: this.deps.trust(),
    });
    this.postAttachments();
    this.postInstructions();
    this.post({ type: 'spent', usage: spentSoFar(c) });
  }

  private async history(): Promise<HistoryItem[]> {
    return (await this.deps.store.list()).slice(0, 200);
  }

  // ── attachments ─────────────────────────────────────────────────────────────────────────────

  /** Adds what the user attached and posts the chips (also when the list is empty: see the composer). */
  addAttachments(list: readonly Omit<StoredAttachment, 'id' | 'tokens'>[]): void {
    for (const a of list) {
      const id = newTurnId();
      this.pending.set(id, { ...a, id, tokens: estimateTokens(a.text) });
    }
    this.postAttachments();
  }

  /** The current model's context window, in tokens (the file picker's "share of the context"). */
  contextTokens(): number {
    return this.limits().contextTokens;
  }

  removeAttachment(id: string): void {
    this.pending.delete(id);
    this.postAttachments();
  }

  private postAttachments(): void {
    this.post({
      type: 'attachments',
      attachments: [...this.pending.values()].map(({ id, kind, label, tokens }) => ({ id, kind, label, tokens })),
    });
  }

  private takeAttachments(ids: readonly string[]): StoredAttachment[] {
    return ids.map((id) => this.pending.get(id)).filter((a): a is StoredAttachment => a !== undefined);
  }

  /** Token estimate of what sending now would cost, against the model's context. */
  estimate(text: string, attachmentIds: readonly string[]): void {
    const limits = this.limits();
    const draft: Turn = { id: 'draft', role: 'user', text, attachments: this.takeAttachments(attachmentIds), createdAt: 0 };
    const { check } = this.promptFor([...this.conversation.turns, draft], limits);
    this.post(
      check.ok
        ? { type: 'estimate', tokens: check.promptTokens, limit: limits.contextTokens, over: false }
        : { type: 'estimate', tokens: check.promptTokens, limit: limits.contextTokens, over: true, message: check.message },
    );
  }

  // ── turns ───────────────────────────────────────────────────────────────────────────────────

  /** Sends a question. Refused (nothing lost: the composer keeps its text) when busy or too big. */
  async send(text: string, attachmentIds: readonly string[]): Promise<void> {
    const question = text.trim();
    const attachments = this.takeAttachments(attachmentIds);
    if (!question && attachments.length === 0) return;
    const run = this.claim('answer');
    if (!run) return;
    let outcome: 'answered' | 'noKey';
    try {
      outcome = await this.sendIn(run, question, attachments);
    } finally {
      this.end(run);
    }
    // Outside the run: the key prompt waits for the user, who may then send at once.
    if (outcome === 'noKey') await this.deps.promptForKey();
  }

  private async sendIn(run: Run, question: string, attachments: StoredAttachment[]): Promise<'answered' | 'noKey'> {
    await this.loaded;
    const hasKey = await this.deps.keys.has();
    if (run.abort.signal.aborted) return 'answered';
    if (!hasKey) {
      // No key yet: ask for it; the question stays in the box to send once the key is set.
      this.notice('info', tr('Set your AI/ML API key first; your question stays in the box.'));
      return 'noKey';
    }
    if (!(await this.spendAllowed(run, true))) return 'answered';
    const user: Turn = {
      id: newTurnId(),
      role: 'user',
      text: question,
      attachments: attachments.length ? attachments : undefined,
      createdAt: Date.now(),
    };
    const limits = this.limits();
    if (!this.fits([...this.conversation.turns, user], limits)) return 'answered';
    for (const a of attachments) this.pending.delete(a.id);
    this.postAttachments();
    if (this.conversation.turns.length === 0) this.conversation.title = titleFrom(question || attachments[0]?.label || tr('New chat'));
    this.conversation.turns.push(user);
    await this.answer(run, user, limits);
    return 'answered';
  }

  /**
   * Asks a question prepared by an editor command (Explain): its context travels as attachments,
   * not through the composer's pending chips. `prompt`, when given, is what the model reads in
   * place of `text`, which is the short question the panel shows. A running answer is ended for
   * it, and says so.
   */
  async ask(text: string, attachments: readonly Omit<StoredAttachment, 'id' | 'tokens'>[], prompt?: string): Promise<void> {
    const stored = attachments.map((a) => ({ ...a, id: newTurnId(), tokens: estimateTokens(a.text) }));
    const { run, previous } = this.takeOver('answer', 'newQuestion');
    try {
      await previous;
      await this.loaded;
      if (run.abort.signal.aborted || !(await this.spendAllowed(run))) return;
      const user: Turn = {
        id: newTurnId(),
        role: 'user',
        text: text.trim(),
        prompt: prompt?.trim() || undefined,
        attachments: stored.length ? stored : undefined,
        createdAt: Date.now(),
      };
      const limits = this.limits();
      if (!this.fits([...this.conversation.turns, user], limits)) return;
      if (this.conversation.turns.length === 0) this.conversation.title = titleFrom(text);
      this.conversation.turns.push(user);
      await this.answer(run, user, limits);
    } finally {
      this.end(run);
    }
  }

  /** Answers again the last question (the last answer is replaced). */
  regenerate(): Promise<void> {
    return this.again();
  }

  /** Retry after a failure: the same as regenerate. */
  retry(): Promise<void> {
    return this.again();
  }

  /**
   * After an answer was cut off at the output limit: answers the last question again with twice
   * the output limit (within the model's), for that one answer; the setting is not changed.
   */
  retryLonger(): Promise<void> {
    const limits = this.limits();
    const larger = limits.largerOutputTokens;
    if (larger === undefined) {
      this.notice(
        'warning',
        tr(
          'The output limit is already {0}’s largest ({1} tokens), so a retry would be cut off again. Ask for a shorter answer, or split the question.',
          limits.model.label,
          formatCount(limits.maxOutputTokens),
        ),
      );
      return Promise.resolve();
    }
    // One whole sentence per case: a clause slotted into a sentence does not translate.
    const announcement =
      larger === limits.maxOutputTokens * 2
        ? tr('Answering again with an output limit of {0} tokens (twice aimlClaude.maxOutputTokens), for this answer only.', formatCount(larger))
        : tr('Answering again with an output limit of {0} tokens ({1}’s largest), for this answer only.', formatCount(larger), limits.model.label);
    return this.again({ ...limits, maxOutputTokens: larger, largerOutputTokens: undefined }, () => this.notice('info', announcement));
  }

  private async again(override?: ModelLimits, announce?: () => void): Promise<void> {
    const run = this.claim('answer');
    if (!run) return;
    try {
      await this.loaded;
      if (run.abort.signal.aborted) return;
      const turns = this.conversation.turns;
      const lastUser = findLastIndex(turns, (t) => t.role === 'user');
      if (lastUser < 0 || !(await this.spendAllowed(run))) return;
      announce?.();
      turns.splice(lastUser + 1);
      this.post({ type: 'truncate', keepCount: turns.length - 1 });
      const user = turns[lastUser] as Turn;
      this.deps.log.debug(`answering ${user.id} again`);
      await this.answer(run, user, override ?? this.limits());
    } finally {
      this.end(run);
    }
  }

  /** Replaces the last question with new text and answers it. */
  async editLast(text: string): Promise<void> {
    if (!text.trim()) return;
    const run = this.claim('answer');
    if (!run) return;
    try {
      await this.loaded;
      if (run.abort.signal.aborted) return;
      const turns = this.conversation.turns;
      const lastUser = findLastIndex(turns, (t) => t.role === 'user');
      if (lastUser < 0 || !(await this.spendAllowed(run))) return;
      const old = turns[lastUser] as Turn;
      // The edited words are the question now: a model-facing prompt of the old turn goes.
      const edited: Turn = { ...old, id: newTurnId(), text: text.trim(), prompt: undefined, createdAt: Date.now() };
      const limits = this.limits();
      if (!this.fits([...turns.slice(0, lastUser), edited], limits)) return;
      turns.splice(lastUser);
      this.post({ type: 'truncate', keepCount: turns.length });
      if (turns.length === 0) this.conversation.title = titleFrom(edited.text);
      turns.push(edited);
      await this.answer(run, edited, limits);
    } finally {
      this.end(run);
    }
  }

  /** The user's Stop (or Escape): the only end that reads "Stopped". */
  stop(): void {
    this.run?.abort.abort(answerEnd('user'));
  }

  async newChat(): Promise<void> {
    const { run, previous } = this.takeOver('switch', 'newChat');
    try {
      await previous;
      await this.loaded;
      this.conversation = newConversation(this.deps.config.current.model);
      this.pending.clear();
      await this.deps.state.update(LAST_CONVERSATION_KEY, undefined);
    } finally {
      this.end(run);
    }
    await this.sendInit();
  }

  async open(id: string): Promise<void> {
    await this.loaded;
    if (id === this.conversation.id) return;
    const c = await this.deps.store.load(id);
    if (!c) {
      this.notice('error', tr('That conversation could not be read; it may have been deleted.'));
      this.post({ type: 'history', history: await this.history() });
      return;
    }
    const { run, previous } = this.takeOver('switch', 'otherConversation');
    try {
      await previous;
      this.conversation = c;
      await this.deps.state.update(LAST_CONVERSATION_KEY, c.id);
    } finally {
      this.end(run);
    }
    await this.sendInit();
  }

  async delete(id: string): Promise<void> {
    await this.loaded;
    if (id !== this.conversation.id) {
      await this.deps.store.delete(id);
      this.post({ type: 'history', history: await this.history() });
      return;
    }
    const { run, previous } = this.takeOver('switch', 'deleted');
    try {
      // The answer's last save must land before the file goes, or it would bring the file back.
      await previous;
      await this.deps.store.delete(id);
      this.conversation = newConversation(this.deps.config.current.model);
      this.pending.clear();
      await this.deps.state.update(LAST_CONVERSATION_KEY, undefined);
    } finally {
      this.end(run);
    }
    await this.sendInit();
  }

  /** Renames the open conversation: saved with it, after any save already under way. */
  async renameCurrent(title: string): Promise<void> {
    await this.loaded;
    this.conversation.title = title;
    if (this.conversation.turns.length > 0) await this.persist(this.conversation);
  }

  /** Text of a code block as the host recorded it: the webview only names it. */
  messageText(messageId: string): string | undefined {
    return this.conversation.turns.find((t) => t.id === messageId && t.role === 'assistant')?.text;
  }

  // ── runs ────────────────────────────────────────────────────────────────────────────────────

  /** Claims the session for a run, synchronously; undefined (and the user told) when it is busy. */
  private claim(kind: Run['kind']): Run | undefined {
    if (this.run) {
      this.notice(
        'warning',
        this.run.kind === 'answer'
          ? tr('Claude is still answering. Stop it first, or wait for the answer to finish.')
          : tr('The chat is switching conversations; send again in a moment.'),
      );
      return undefined;
    }
    return this.start(kind);
  }

  /** Claims the session in place of whatever runs, which is ended with `by` as its reason. */
  private takeOver(kind: Run['kind'], by: EndedBy): { run: Run; previous: Promise<void> } {
    const previous = this.run;
    const waitFor = this.lastDone;
    const run = this.start(kind);
    previous?.abort.abort(answerEnd(by));
    return { run, previous: waitFor.then(() => this.saving) };
  }

  private start(kind: Run['kind']): Run {
    let settle = (): void => undefined;
    const done = new Promise<void>((resolve) => (settle = resolve));
    const run: Run = { kind, abort: new AbortController(), done, settle };
    this.run = run;
    this.lastDone = done;
    return run;
  }

  /** The session is free again (a question sent now is taken); the run itself may still be saving. */
  private release(run: Run): void {
    if (this.run === run) this.run = undefined;
  }

  private end(run: Run): void {
    this.release(run);
    run.settle();
  }

  // ── streaming ───────────────────────────────────────────────────────────────────────────────

  private async answer(run: Run, user: Turn, limits: ModelLimits): Promise<void> {
    const conversation = this.conversation;
    const model = this.deps.config.current.model;
    const assistant: Turn = { id: newTurnId(), role: 'assistant', text: '', model, status: 'streaming', createdAt: Date.now() };
    conversation.turns.push(assistant);
    conversation.model = model;
    conversation.updatedAt = Date.now();
    this.post({ type: 'turnStarted', user: toView(user), assistant: toView(assistant) });
    // The question is saved once the request has left, not before: validating and writing a long
    // conversation (and the fsync) would otherwise delay every question in proportion to the
    // conversation's length. Nor as the answer's first byte arrives: the save would hold up its
    // first token. So: right after the first output was handed to the panel, when the server asks
    // for a retry, or a second after its headers if nothing follows. The save serialises the
    // conversation as it is when it runs; the one after the answer, queued behind it, has the final
    // text, and is the only one when the request failed before the server answered.
    let saved: Promise<void> | undefined;
    let fallback: ReturnType<typeof setTimeout> | undefined;
    const save: QuestionSave = {
      // Called on every output event: after the first, nothing to do.
      now: () => {
        if (saved) return;
        if (fallback) clearTimeout(fallback);
        saved = new Promise<void>((resolve) => setTimeout(resolve, 0)).then(() => this.persist(conversation));
      },
      headersArrived: () => {
        fallback ??= setTimeout(save.now, QUESTION_SAVE_AFTER_HEADERS_MS);
      },
    };
    try {
      await this.stream(run, conversation, assistant, limits, save);
    } finally {
      if (fallback) clearTimeout(fallback);
    }
    await saved;
  }

  private async stream(run: Run, conversation: Conversation, turn: Turn, limits: ModelLimits, save: QuestionSave): Promise<void> {
    const signal = run.abort.signal;
    const coalescer = new DeltaCoalescer((text, reasoning) => this.post({ type: 'delta', id: turn.id, text, ...(reasoning ? { reasoning } : {}) }));
    run.coalescer = coalescer;
    let finishReason: string | undefined;
    // The rounds of a tool-using answer, as they happen (kept on the turn once a call was made).
    const rounds: StoredToolRound[] = [];
    let tools: ChatTools | undefined;
    // The running total before this answer (its own usage is not in it yet).
    const spent = spentSoFar(conversation);
    try {
      if (!(await this.deps.keys.has())) {
        throw Object.assign(new Error('No API key is set.'), { noKey: true });
      }
      tools = this.deps.tools?.(signal);
      const { prompt } = this.promptFor(conversation.turns.slice(0, -1), limits, conversation, tools?.set);
      if (prompt.droppedMessages > 0) {
        this.notice('info', tr('The {0} oldest messages were left out of this request to fit {1}’s context.', prompt.droppedMessages, limits.model.label));
      }
      const settings = this.deps.config.current;
      const onEvent = (e: LoopEvent): void => {
        switch (e.type) {
          case 'round':
            rounds.push({ text: '', calls: [] });
            break;
          case 'gap':
            turn.text += e.text;
            coalescer.pushText(e.text);
            break;
          case 'text': {
            turn.text += e.text;
            const round = rounds.at(-1);
            if (round) round.text += e.text;
            coalescer.pushText(e.text);
            save.now();
            break;
          }
          case 'reasoning':
            turn.reasoning = (turn.reasoning ?? '') + e.text;
            coalescer.pushReasoning(e.text);
            save.now();
            break;
          case 'usage':
            turn.usage = { ...e.usage };
            break;
          case 'start':
            save.headersArrived();
            break;
          case 'retry':
            save.now();
            this.post({ type: 'retrying', id: turn.id, attempt: e.attempt, maxRetries: e.maxRetries, delayMs: e.delayMs, reason: retryReason(e.error) });
            break;
          case 'tool_start':
            // The text so far goes first, so the step shows after what Claude said before it.
            coalescer.flush();
            save.now();
            this.post({ type: 'toolStep', id: turn.id, step: { id: e.call.id, name: e.call.name, summary: runningSummary(e.call.name, e.args), status: 'running' } });
            break;
          case 'tool_end': {
            const o = e.outcome;
            const call = { id: o.call.id, name: o.call.name, arguments: o.call.arguments, ok: o.ok, summary: o.summary, result: o.content, ...(o.location ? { location: o.location } : {}) };
            rounds.at(-1)?.calls.push(call);
            turn.rounds = rounds;
            this.post({ type: 'toolStep', id: turn.id, step: stepView(call) });
            break;
          }
          case 'notice': {
            const note = noteFor(e.notice, limits.model.label);
            turn.notes = [...(turn.notes ?? []), note];
            this.post({ type: 'note', id: turn.id, text: note });
            break;
          }
          default:
            break;
        }
      };
      const result = await runToolLoop({
        client: this.deps.clients.get(),
        request: {
          model: settings.model,
          system: prompt.system,
          messages: prompt.messages,
          maxTokens: limits.maxOutputTokens,
          temperature: settings.temperature,
          thinking: thinkingRequest(settings, limits.known ? limits.model.thinkingModes : undefined),
        },
        tools: tools?.set ?? NO_TOOLS,
        context: tools?.context ?? NO_TOOL_CONTEXT,
        maxRounds: tools?.maxRounds ?? 0,
        maxPromptTokens: Math.max(0, limits.contextTokens - limits.maxOutputTokens),
        signal,
        onEvent,
      });
      finishReason = result.finishReason;
      turn.status = finishReason === 'length' ? 'truncated' : 'done';
    } catch (err) {
      this.fail(turn, err, signal);
    } finally {
      coalescer.flush();
      coalescer.dispose();
      run.coalescer = undefined;
      // An answer that made no call is a plain one: no rounds kept.
      if (!rounds.some((r) => r.calls.length > 0)) delete turn.rounds;
      else turn.rounds = rounds;
      // What it proposes to change, for the Changes card — kept even when the answer was stopped
      // or failed after proposing: nothing is written until the user accepts.
      const proposed = changesOf(tools?.changes);
      if (proposed.length) turn.changes = proposed;
    }
    if (turn.usage) conversation.spent = addUsage(spent, turn.usage);
    // Not busy from the moment the panel hears the turn ended: a question sent right away is taken.
    this.release(run);
    conversation.updatedAt = Date.now();
    this.post({ type: 'turnEnded', message: toView(turn) });
    if (turn.usage && conversation === this.conversation) this.post({ type: 'spent', usage: conversation.spent });
    await this.persist(conversation);
  }

  /**
   * Past aimlClaude.spendWarning, asks before the conversation's next request, once per crossing
   * (src/core/usage/spendWarning.ts). False when the user chose not to send: nothing has changed
   * yet, so the question is still in the composer (or the answer still there to regenerate).
   */
  private async spendAllowed(run: Run, fromComposer = false): Promise<boolean> {
    const conversation = this.conversation;
    // Kept before a regenerate or an edit replaces an answer, whose usage was spent all the same.
    const total = spentSoFar(conversation);
    if (total) conversation.spent = total;
    const limit = this.deps.config.current.spendWarning;
    const check = checkSpend(total, limit, conversation.spendAcknowledged);
    if (check.kind === 'unmeasured') {
      if (!this.unmeasuredSaid) {
        this.unmeasuredSaid = true;
        this.notice(
          'info',
          tr('The AI/ML API did not report what this conversation cost, so the spend warning in USD cannot be checked. Set aimlClaude.spendWarning in tokens instead, such as "200000 tokens".'),
        );
      }
      return true;
    }
    if (check.kind !== 'ask' || !limit || !this.deps.confirmSpend) return true;
    const send = await this.deps.confirmSpend(check.message);
    if (run.abort.signal.aborted || conversation !== this.conversation) return false;
    if (!send) {
      this.deps.log.info('spend warning: the user chose not to send');
      this.notice('info', fromComposer ? tr('Not sent. Your question is still in the box.') : tr('Not sent.'));
      return false;
    }
    this.deps.log.info(`spend warning: the user chose to send past ${limit.amount} ${limit.unit}`);
    conversation.spendAcknowledged = { unit: limit.unit, amount: limit.amount };
    return true;
  }

  private fail(turn: Turn, err: unknown, signal: AbortSignal): void {
    if (signal.aborted) {
      const by = answerEndOf(signal)?.by;
      if (by === 'user') {
        turn.status = 'stopped';
      } else {
        turn.status = 'interrupted';
        turn.interruption = by;
      }
      this.deps.log.info(`answer ${turn.id} ${by === 'user' ? 'stopped by the user' : `ended (${by ?? 'unknown reason'})`} after ${turn.text.length} characters`);
      return;
    }
    turn.status = 'failed';
    if (err instanceof Error && (err as { noKey?: boolean }).noKey) {
      turn.error = { kind: 'auth', message: tr('No API key is set. Set your AI/ML API key to start chatting.'), actions: errorActionsFor('auth') };
      return;
    }
    if (isAimlError(err)) {
      // `cancelled` here is not ours (the signal was not aborted): the client closed under the answer.
      turn.error = { kind: err.kind, message: err.userMessage, actions: errorActionsFor(err.kind) };
      this.deps.log.warn(`answer ${turn.id} failed (${err.kind}${err.status ? ` ${err.status}` : ''}, request ${err.requestId ?? '?'})`, err);
      return;
    }
    this.deps.log.error(`answer ${turn.id} failed unexpectedly`, err);
    turn.error = { kind: 'internal', message: tr('Something went wrong while answering. The log has the details.'), actions: errorActionsFor('internal') };
  }

  private persist(conversation: Conversation): Promise<void> {
    const saved = this.saving.then(() => this.save(conversation));
    this.saving = saved;
    return saved;
  }

  private async save(conversation: Conversation): Promise<void> {
    try {
      await this.deps.store.save(conversation);
      // Only the conversation on screen is the one to reopen; an ended one may save after a switch.
      if (conversation === this.conversation) await this.deps.state.update(LAST_CONVERSATION_KEY, conversation.id);
      this.post({ type: 'history', history: await this.history() });
    } catch (err) {
      this.deps.log.error('could not save the conversation', err);
      this.notice('error', tr('The conversation could not be saved to disk. It is kept while this window is open; the log has the details.'));
    }
  }

  // ── helpers ─────────────────────────────────────────────────────────────────────────────────

  private limits(): ModelLimits {
    const s = this.deps.config.current;
    return modelLimits(s.model, s.maxOutputTokens);
  }

  /** Whether the turns fit the model's context; posts the reason when they do not. */
  private fits(turns: Turn[], limits: ModelLimits): boolean {
    const { check } = this.promptFor(turns, limits);
    if (check.ok) return true;
    this.post({ type: 'estimate', tokens: check.promptTokens, limit: limits.contextTokens, over: true, message: check.message });
    this.notice('error', check.message);
    return false;
  }

  /**
   * The prompt for the last (user) turn of `turns`: earlier tool results are shortened to stubs,
   * oldest first, then earlier exchanges, oldest first, are left out, when the whole would not fit
   * the model's context with room for the answer.
   */
  private promptFor(turns: readonly Turn[], limits: ModelLimits, conversation = this.conversation, tools?: ToolSet) {
    const last = turns.at(-1) as Turn;
    const { model, maxOutputTokens } = limits;
    const maxPromptTokens = Math.max(0, model.contextTokens - maxOutputTokens);
    const instructions = this.activeInstructions(conversation);
    const history = this.historyMessages.of(turns.slice(0, -1));
    const toolsJson = tools && tools.size > 0 ? JSON.stringify(tools.specs) : '';
    const build = () => buildChatPrompt(history, last.prompt ?? last.text, last.attachments ?? [], { maxPromptTokens, instructions });
    let prompt = build();
    if (estimatePromptTokens({ ...prompt, toolsJson }) > maxPromptTokens || prompt.droppedMessages > 0) {
      // Old tool results go before whole exchanges do: the questions and answers matter more.
      if (stubOldestResults(history, prompt.system, toolsJson, maxPromptTokens) > 0) prompt = build();
    }
    return {
      prompt,
      check: checkContextBudget(prompt, model, maxOutputTokens, { subject: tr('The question with its attachments'), advice: tr('Attach less, or start a new chat.') }),
    };
  }

  private notice(level: 'info' | 'warning' | 'error', text: string): void {
    this.post({ type: 'notice', level, text });
  }

  /** Posts to the panel; a panel already gone (the window closing) must not fail the answer. */
  private post(message: ToWebview): void {
    try {
      this.deps.post(message);
    } catch (err) {
      this.deps.log.debug(`could not post ${message.type} to the chat panel`, err);
    }
  }
}

/** What a loop notice says in the answer. */
function noteFor(notice: LoopNotice, model: string): string {
  switch (notice.kind) {
    case 'round_limit':
      return tr('Claude used the {0} tool rounds allowed (aimlClaude.tools.maxRounds) and answered with what it had.', notice.rounds);
    case 'tools_refused':
      return tr('The service did not accept tools for {0}, so Claude answered without looking at the workspace.', model);
    case 'results_stubbed':
      return notice.count === 1
        ? tr('1 earlier tool result was shortened to fit the conversation in {0}’s context.', model)
        : tr('{0} earlier tool results were shortened to fit the conversation in {1}’s context.', notice.count, model);
  }
}

/** An answer's change set as the turn keeps it: the files it changes (or creates), all pending. */
function changesOf(changes: ChangeSet | undefined): StoredFileChange[] {
  return (changes?.files ?? [])
    .filter((c) => c.created || c.proposed !== c.original)
    .map((c) => {
      const { added, removed } = lineStats(c);
      return { path: c.path, created: c.created, original: c.original, proposed: c.proposed, added, removed, state: 'pending' as const };
    });
}
