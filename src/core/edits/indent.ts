/**
 * Putting back indentation the model dropped.
 *
 * Asked to rewrite lines from the middle of a class, a model sometimes answers with the code moved
 * to column 0. Pasting that as is breaks Python and makes a mess everywhere else. The rule, chosen
 * to fire only when the answer clearly sits shallower than the selection it replaces:
 *
 *   Let O be the common leading whitespace of the selection's non-blank lines, and R that of the
 *   replacement's. Let I and F be the leading whitespace of the first non-blank line of the
 *   selection and of the replacement. Re-indent when O is not empty, R is a proper prefix of O,
 *   and F is a proper prefix of I; then every non-blank replacement line gets O minus R prepended.
 *
 * Comparing common indentation (not each line) keeps nested lines right: a dropped method body
 * whose inner lines still carry 4 spaces is shifted as a whole. The first-line condition keeps the
 * rule off when the model kept the indentation but added a line at column 0 (a template string, a
 * heredoc): then F equals I. Whitespace styles that differ (tabs against spaces) are not prefixes of
 * each other, so the rule does not fire and nothing is guessed. Blank lines stay as they are, so no
 * trailing whitespace is added. The rule is idempotent: after it, R equals O.
 */

function leading(line: string): string {
  return /^[ \t]*/.exec(line)?.[0] ?? '';
}

function isBlank(line: string): boolean {
  return line.trim() === '';
}

/** The longest leading whitespace shared by all non-blank lines; '' when there are none. */
export function commonIndent(lines: readonly string[]): string {
  let common: string | undefined;
  for (const line of lines) {
    if (isBlank(line)) continue;
    const ws = leading(line);
    if (common === undefined) {
      common = ws;
      continue;
    }
    let n = 0;
    while (n < common.length && n < ws.length && common[n] === ws[n]) n++;
    common = common.slice(0, n);
    if (common === '') break;
  }
  return common ?? '';
}

function firstIndent(lines: readonly string[]): string | undefined {
  const first = lines.find((line) => !isBlank(line));
  return first === undefined ? undefined : leading(first);
}

function isProperPrefix(prefix: string, of: string): boolean {
  return prefix.length < of.length && of.startsWith(prefix);
}

/**
 * The replacement's lines, re-indented by the rule above when it applies, else unchanged.
 * Both arguments are line contents without terminators.
 */
export function restoreIndentation(originalLines: readonly string[], replacementLines: readonly string[]): string[] {
  const o = commonIndent(originalLines);
  const r = commonIndent(replacementLines);
  const i = firstIndent(originalLines);
  const f = firstIndent(replacementLines);
  if (o === '' || i === undefined || f === undefined) return [...replacementLines];
  if (!isProperPrefix(r, o) || !isProperPrefix(f, i)) return [...replacementLines];
  const add = o.slice(r.length);
  return replacementLines.map((line) => (isBlank(line) ? line : add + line));
}
