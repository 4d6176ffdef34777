// Which link targets an answer may carry. Model output is untrusted, so the rule is an allow-list:
// web and mail links, and scheme-less paths (the host resolves those against the workspace).
// The same function guards markdown-it (links that fail become plain text) and the sanitiser
// (defence in depth for anything that slips past the parser).

const SCHEME_RE = /^([a-z][a-z0-9+.-]*):/i;
const ALLOWED_SCHEMES = new Set(['http', 'https', 'mailto']);

// Browsers drop ASCII whitespace and control characters inside a URL's scheme ("java\tscript:"),
// so judge the URL with them removed, as the browser would read it.
// eslint-disable-next-line no-control-regex
const IGNORED_CHARS_RE = /[\u0000-\u0020\u007f-\u009f]+/g;

/** True when `url` may be shown as a clickable link: http(s), mailto, or a relative path. */
export function isAllowedUrl(url: string): boolean {
  const compact = url.replace(IGNORED_CHARS_RE, '');
  if (compact === '') return false;
  const scheme = SCHEME_RE.exec(compact);
  if (scheme) return ALLOWED_SCHEMES.has((scheme[1] ?? '').toLowerCase());
  // "//host/x" (and the backslash spellings browsers accept) leave the workspace for another host.
  return !/^[\\/]{2}/.test(compact);
}

/**
 * The same rule as a regular expression, for DOMPurify's ALLOWED_URI_REGEXP (it strips whitespace
 * before testing). Kept next to isAllowedUrl so the two cannot drift apart unnoticed.
 */
export const ALLOWED_URI_REGEXP = /^(?:(?:https?|mailto):|(?![a-z][a-z0-9+.-]*:)(?![\\/]{2}))/i;
