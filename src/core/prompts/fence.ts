/**
 * Fences that survive the code they hold.
 *
 * A selection may itself contain ``` (a Markdown file, a template string, a doc comment). Wrapped
 * in a three-backtick fence it would close the fence early and the rest of the code would read as
 * prose, or as instructions. A fence one backtick longer than the longest run inside cannot close
 * early (CommonMark: a closing fence must be at least as long as the opening one).
 */

/**
 * The info-string word the refactor prompt asks Claude to put after the language on the one block
 * that holds the replacement: "```typescript aiml-replacement". Markdown renderers take only the
 * first word as the language, so the marker costs nothing in display, and it lets the extractor
 * find the replacement even when the answer also quotes other code.
 */
export const REPLACEMENT_MARKER = 'aiml-replacement';

/** The longest run of `char` in `text`. */
export function longestRun(text: string, char: string): number {
  let longest = 0;
  let run = 0;
  for (const c of text) {
    if (c === char) {
      run++;
      if (run > longest) longest = run;
    } else {
      run = 0;
    }
  }
  return longest;
}

/** A backtick fence longer than any backtick run in `text`, and at least three long. */
export function fenceFor(text: string): string {
  return '`'.repeat(Math.max(3, longestRun(text, '`') + 1));
}

/**
 * `text` as a fenced block tagged `info`. Line endings become "\n" (the model gains nothing from
 * CRs, and they would cost tokens); the block always ends with a line break before the closing fence.
 */
export function fenced(text: string, info = ''): string {
  const body = text.replace(/\r\n/g, '\n');
  const fence = fenceFor(body);
  const tail = body === '' || body.endsWith('\n') ? '' : '\n';
  return `${fence}${info}\n${body}${tail}${fence}`;
}
