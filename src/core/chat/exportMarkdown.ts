import { fenced } from '../prompts/fence';
import { conversationSchema, type Conversation, type StoredAttachment, type StoredFileChange, type Turn } from './conversation';

/**
 * A conversation as a Markdown document, for Export Conversation…: the questions, their
 * attachments as fenced blocks (with their language), each answer with its tool steps as a
 * compact list, its notes, its proposed changes and how it ended. Plain Markdown only, no raw
 * HTML, so it reads the same in any viewer; Claude's thinking is left out (it is not part of the
 * answer, and a collapsible section would need HTML).
 */
export function conversationMarkdown(c: Conversation): string {
  const out: string[] = [`# ${inline(c.title)}`, '', `*${c.model} · ${when(c.createdAt)} · ${c.turns.length} ${c.turns.length === 1 ? 'message' : 'messages'}*`];
  for (const t of c.turns) out.push('', ...(t.role === 'user' ? question(t) : answer(t)));
  return `${out.join('\n')}\n`;
}

function question(t: Turn): string[] {
  const out = ['## Question', ''];
  if (t.text) out.push(t.text.replace(/\r\n/g, '\n').trimEnd());
  for (const a of t.attachments ?? []) out.push('', ...attachment(a));
  return out;
}

function attachment(a: StoredAttachment): string[] {
  const where = a.relativePath && a.relativePath !== a.label ? ` (\`${a.relativePath.replace(/`/g, '')}\`)` : '';
  return [`**Attached ${a.kind}: ${inline(a.label)}**${where}`, '', fenced(a.text, a.languageId ?? '')];
}

function answer(t: Turn): string[] {
  const out = [`## Answer${t.model ? ` (${t.model})` : ''}`];
  const steps = (t.rounds ?? []).flatMap((r) => r.calls);
  if (steps.length) {
    out.push('', 'Tool steps:', '');
    for (const s of steps) out.push(`- ${s.ok ? '' : 'Failed: '}${oneLine(s.summary)}`);
  }
  if (t.text) out.push('', t.text.replace(/\r\n/g, '\n').trimEnd());
  for (const note of t.notes ?? []) out.push('', `> ${oneLine(note)}`);
  if (t.changes?.length) {
    out.push('', 'Changes:', '');
    for (const ch of t.changes) out.push(`- ${change(ch)}`);
  }
  const ending = endingOf(t);
  if (ending) out.push('', `*${ending}*`);
  return out;
}

function change(ch: StoredFileChange): string {
  return `\`${ch.path.replace(/`/g, '')}\`${ch.created ? ' (new file)' : ''} +${ch.added} −${ch.removed}, ${ch.state === 'stale' ? 'edited since' : ch.state}`;
}

const INTERRUPTIONS: Record<NonNullable<Turn['interruption']>, string> = {
  newQuestion: 'a new question',
  newChat: 'a new chat',
  otherConversation: 'another conversation',
  deleted: 'the conversation being deleted',
  shutdown: 'the window closing',
  windowClosed: 'the window closing',
};

/** How an answer ended, when it did not simply finish. */
function endingOf(t: Turn): string | undefined {
  switch (t.status) {
    case 'stopped':
      return 'Stopped.';
    case 'interrupted':
      return `Interrupted by ${t.interruption ? INTERRUPTIONS[t.interruption] : 'something else'}.`;
    case 'failed':
      return `Failed: ${oneLine(t.error?.message ?? 'no answer')}`;
    case 'truncated':
      return 'Cut off at the output limit.';
    case 'streaming':
      return 'Still being written when exported.';
    default:
      return undefined;
  }
}

/** Text shown as written in a heading or a bold label: Markdown's own characters escaped. */
function inline(text: string): string {
  return oneLine(text).replace(/[\\`*_[\]<>#|~]/g, (ch) => `\\${ch}`);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** "2026-11-23 14:05 UTC": the same in every time zone, so an export reads the same anywhere. */
function when(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The name Export offers: the title as a slug and the day of the last activity, "fix-parser-2026-11-23.md". */
export function exportFileName(c: Pick<Conversation, 'title' | 'updatedAt'>, extension: 'md' | 'json'): string {
  const slug = c.title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50)
    .replace(/-+$/, '');
  return `${slug || 'conversation'}-${new Date(c.updatedAt).toISOString().slice(0, 10)}.${extension}`;
}

/**
 * The stored format (src/core/chat/conversation.ts), indented for reading; validated first, so an
 * export can always be read back as a conversation.
 */
export function conversationJson(c: Conversation): string {
  const parsed = conversationSchema.safeParse(c);
  if (!parsed.success) throw new Error(`the conversation has an invalid shape: ${parsed.error.issues[0]?.message ?? ''}`, { cause: parsed.error });
  return `${JSON.stringify(parsed.data, null, 2)}\n`;
}
