/**
 * A conversation's turns as model messages, kept per exchange so that asking again in a long
 * conversation does not rebuild (and re-estimate) every earlier exchange.
 *
 * Token estimates are cached per message object (prompts/tokens.ts), so the cache only pays off
 * when the same exchange yields the same message objects each time: the prompt is built on every
 * keystroke's estimate and twice per question (the fit check, then the request), and a 200-turn
 * conversation would otherwise read its whole text each time. See docs/architecture.md, "Nothing
 * slow between Enter and the request".
 */
import { buildChatMessage } from '../prompts/chat';
import type { ChatMessage } from '../prompts/types';
import type { Turn } from './conversation';

interface Entry {
  /** What the messages were built from: reused only while all of it is the same. */
  readonly user: Turn;
  readonly userText: string;
  readonly userPrompt: string | undefined;
  readonly attachments: Turn['attachments'];
  readonly answer: Turn;
  readonly answerText: string;
  readonly rounds: Turn['rounds'];
  readonly roundCount: number;
  readonly messages: readonly ChatMessage[];
}

export class HistoryMessages {
  private readonly byUser = new WeakMap<Turn, Entry>();

  /**
   * The model messages for `turns`: answered exchanges only. A question whose answer failed with
   * no text is left out, so the roles keep alternating. An answer that used tools is sent as it
   * went — each round's text and calls, then the results — when it reached its final text; an
   * answer stopped during its tools is sent as its text alone.
   * Returns a new array each time (callers replace entries, e.g. to stub old tool results); the
   * message objects in it are shared between calls while their exchange is unchanged.
   */
  of(turns: readonly Turn[]): ChatMessage[] {
    const out: ChatMessage[] = [];
    for (let i = 0; i < turns.length; i++) {
      const user = turns[i] as Turn;
      const answer = turns[i + 1];
      if (user.role !== 'user' || !answer || answer.role !== 'assistant' || !answer.text) continue;
      for (const m of this.exchange(user, answer)) out.push(m);
      i++;
    }
    return out;
  }

  private exchange(user: Turn, answer: Turn): readonly ChatMessage[] {
    const hit = this.byUser.get(user);
    if (
      hit &&
      hit.answer === answer &&
      hit.userText === user.text &&
      hit.userPrompt === user.prompt &&
      hit.attachments === user.attachments &&
      hit.answerText === answer.text &&
      hit.rounds === answer.rounds &&
      hit.roundCount === (answer.rounds?.length ?? 0)
    ) {
      return hit.messages;
    }
    const messages = build(user, answer);
    // A streaming answer still changes (its rounds grow in place): not kept.
    if (answer.status !== 'streaming') {
      this.byUser.set(user, {
        user,
        userText: user.text,
        userPrompt: user.prompt,
        attachments: user.attachments,
        answer,
        answerText: answer.text,
        rounds: answer.rounds,
        roundCount: answer.rounds?.length ?? 0,
        messages,
      });
    }
    return messages;
  }
}

function build(user: Turn, answer: Turn): ChatMessage[] {
  const out: ChatMessage[] = [{ role: 'user', content: buildChatMessage(user.prompt ?? user.text, user.attachments ?? []) }];
  const rounds = answer.rounds ?? [];
  const final = rounds.at(-1);
  if (final && final.calls.length === 0 && final.text !== '' && rounds.length > 1) {
    for (const r of rounds.slice(0, -1)) {
      out.push({ role: 'assistant', content: r.text, toolCalls: r.calls.map((c) => ({ id: c.id, name: c.name, arguments: c.arguments })) });
      for (const c of r.calls) out.push({ role: 'tool', toolCallId: c.id, content: c.result });
    }
    out.push({ role: 'assistant', content: final.text });
  } else {
    out.push({ role: 'assistant', content: answer.text });
  }
  return out;
}
