/**
 * A plain description of a file's indentation style, for the refactor prompt: models keep a style
 * better when it is named ("4 spaces") than when they must infer it from a short snippet.
 */

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/**
 * "tabs", "2 spaces", "4 spaces", "spaces" (width unknown), or undefined when no line is indented.
 * A width is named only when at least two different indentation levels show it: a lone line
 * indented by 8 may be two levels of 4.
 */
export function describeIndentation(text: string): string | undefined {
  let tabs = 0;
  let spaced = 0;
  let unit = 0;
  const levels = new Set<number>();
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const ws = /^[ \t]*/.exec(line)?.[0] ?? '';
    if (ws === '') continue;
    if (ws.startsWith('\t')) {
      tabs++;
    } else {
      spaced++;
      unit = gcd(unit, ws.length);
      levels.add(ws.length);
    }
  }
  if (tabs === 0 && spaced === 0) return undefined;
  if (tabs >= spaced) return 'tabs';
  return levels.size < 2 || unit === 1 ? 'spaces' : `${unit} spaces`;
}
