import type MarkdownIt from 'markdown-it';
import { isAllowedUrl } from './links';

type MarkdownItClass = typeof MarkdownIt;
export type Parser = InstanceType<MarkdownItClass>;

/**
 * The one markdown-it configuration an answer is parsed with, by the chat panel (which renders
 * it) and by the host (which looks up the code of a clicked block). Both must see the same block
 * structure: the link check, for one, decides whether "[x]: url" is a reference definition or a
 * paragraph, and so whether the indented lines under it are code. Raw HTML is off (model output
 * is untrusted); links must pass the allow-list, except the empty destination, so `[x]()` keeps
 * markdown-it's meaning (a link with no target).
 *
 * The class is passed in: the host loads markdown-it only when a code-block button is clicked.
 */
export function createParser(MarkdownItCtor: MarkdownItClass): Parser {
  const md = new MarkdownItCtor({ html: false, linkify: true, typographer: false });
  md.validateLink = (url: string): boolean => url === '' || isAllowedUrl(url);
  return md;
}
