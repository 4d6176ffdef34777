// When the open tail gains blocks (a new list item, a table row, a nested list), the blocks it had
// are unchanged: find what was added, so only that is rendered and sanitised, and appended where
// a full render would put it. Compares the token stream of the last full parse with the new one.
import type { Token } from 'markdown-it';
import { codeBlockOf } from '../../core/markdown/codeBlocks';
import type { RenderEnv } from './markdown';
import { md } from './markdown';
import { sameToken } from './tokens';

/** How the new token stream extends the old one. */
export interface AppendPlan {
  /** Index of an inline token (the old stream's last content) whose text grew, or -1. */
  readonly grownInline: number;
  /** Index of a code block (the old stream's last content) whose code grew, or -1. */
  readonly grownCode: number;
  /** The new tokens to render, [from, to), all inside the container at `path`. */
  readonly from: number;
  readonly to: number;
  /** Tags of the open elements the new tokens go into, outermost first ([] = the tail itself). */
  readonly path: readonly string[];
  /** Code blocks before `from` (the new ones are numbered after them). */
  readonly codeBefore: number;
}

/** A code block, numbered in the message (the one rule: core's codeBlockOf). */
function isCode(token: Token): boolean {
  return codeBlockOf(token, md) !== null;
}

function sameBlockToken(a: Token | undefined, b: Token | undefined): boolean {
  if (!a || !b) return false;
  // An inline token's children follow from its content (the definitions do not change: a tail
  // with definitions is always rendered whole).
  if (a.type === 'inline' && b.type === 'inline') return a.content === b.content;
  return sameToken(a, b);
}

/** Tags of the non-hidden elements open just before `index`, outermost first. */
export function openPath(tokens: readonly Token[], index: number): string[] {
  const path: string[] = [];
  for (let i = 0; i < index; i++) {
    const token = tokens[i];
    if (!token || token.hidden) continue;
    if (token.nesting === 1) path.push(token.tag);
    else if (token.nesting === -1) path.pop();
  }
  return path;
}

/**
 * The plan to turn the DOM of `prev` into the DOM of `next` by appending, or null when `next`
 * changes anything but the end: old blocks must be equal, except that the very last inline may
 * have grown; then the old closing tokens, some of them before the new blocks, the rest after.
 * The new blocks may be none.
 */
export function planAppend(prev: readonly Token[], next: readonly Token[]): AppendPlan | null {
  let end = prev.length;
  while (end > 0 && prev[end - 1]?.nesting === -1) end--;
  const last = prev[end - 1];
  // After an opening tag markdown-it writes a newline or not depending on the token that follows,
  // so the boundary must follow a closing or self-contained token.
  if (!last || last.nesting === 1 || next.length < prev.length) return null;
  let grownInline = -1;
  let grownCode = -1;
  for (let i = 0; i < end; i++) {
    if (sameBlockToken(prev[i], next[i])) continue;
    if (i !== end - 1) return null;
    const a = prev[i];
    const b = next[i];
    if (a?.type === 'inline' && b?.type === 'inline') grownInline = i;
    else if (a && b && isCode(a) && a.type === b.type && a.info === b.info && b.content.startsWith(a.content)) grownCode = i;
    else return null;
  }
  const closers = prev.length - end;
  let j = 0;
  while (j < closers && sameBlockToken(prev[end + j], next[end + j])) j++;
  const from = end + j;
  const to = next.length - (closers - j);
  // Nothing added is fine too (the text only grew, or gained blank lines), if nothing else changed.
  if (to < from || (to === from && j !== closers)) return null;
  for (let k = j; k < closers; k++) if (!sameBlockToken(prev[end + k], next[to + k - j])) return null;
  let depth = 0;
  let codeBefore = 0;
  for (let i = from; i < to; i++) {
    depth += next[i]?.nesting ?? 0;
    if (depth < 0) return null;
  }
  if (depth !== 0) return null;
  for (let i = 0; i < from; i++) {
    const token = next[i];
    if (token && isCode(token)) codeBefore++;
  }
  return { grownInline, grownCode, from, to, path: openPath(next, from), codeBefore };
}

/** markdown-it's Renderer.render over tokens[from, to), with the whole stream as context. */
export function renderRange(tokens: Token[], from: number, to: number, env: RenderEnv): string {
  const renderer = md.renderer;
  let html = '';
  for (let i = from; i < to; i++) {
    const token = tokens[i];
    if (!token) continue;
    const rule = renderer.rules[token.type];
    if (token.type === 'inline') html += renderer.renderInline(token.children ?? [], md.options, env);
    else if (rule) html += rule(tokens, i, md.options, env, renderer);
    else html += renderer.renderToken(tokens, i, md.options);
  }
  return html;
}
