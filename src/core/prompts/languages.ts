/**
 * Language ids: VS Code's, the tags models put on fences, and the names people read.
 *
 * The refactor prompt tags its fence with the tag a model knows best ("tsx", "bash"), and the
 * extractor must recognise the answer's tag as the document's language whichever spelling the model
 * chose ("ts", "typescript", "TypeScript"). One table serves both directions.
 */

interface LanguageEntry {
  /** VS Code language ids of the family; the first is the canonical one. */
  readonly ids: readonly string[];
  /** Human name for prompts and messages. */
  readonly name: string;
  /** The fence tag used in prompts. */
  readonly tag: string;
  /** Other fence tags that mean the same language. */
  readonly aliases: readonly string[];
}

// React variants share a family with their base language: a ".tsx" document answered with a
// "typescript" block is still the right block.
const LANGUAGES: readonly LanguageEntry[] = [
  { ids: ['typescript'], name: 'TypeScript', tag: 'typescript', aliases: ['ts', 'mts', 'cts'] },
  { ids: ['typescriptreact'], name: 'TypeScript React', tag: 'tsx', aliases: ['tsx'] },
  { ids: ['javascript'], name: 'JavaScript', tag: 'javascript', aliases: ['js', 'mjs', 'cjs', 'node'] },
  { ids: ['javascriptreact'], name: 'JavaScript React', tag: 'jsx', aliases: ['jsx'] },
  { ids: ['python'], name: 'Python', tag: 'python', aliases: ['py', 'python3', 'py3'] },
  { ids: ['shellscript'], name: 'shell script', tag: 'bash', aliases: ['sh', 'bash', 'zsh', 'shell', 'ksh'] },
  { ids: ['powershell'], name: 'PowerShell', tag: 'powershell', aliases: ['ps1', 'pwsh', 'ps'] },
  { ids: ['bat'], name: 'Batch', tag: 'bat', aliases: ['batch', 'cmd'] },
  { ids: ['csharp'], name: 'C#', tag: 'csharp', aliases: ['cs', 'c#'] },
  { ids: ['cpp'], name: 'C++', tag: 'cpp', aliases: ['c++', 'cc', 'cxx', 'hpp', 'h++'] },
  { ids: ['c'], name: 'C', tag: 'c', aliases: ['h'] },
  { ids: ['objective-c'], name: 'Objective-C', tag: 'objectivec', aliases: ['objc', 'objectivec'] },
  { ids: ['go'], name: 'Go', tag: 'go', aliases: ['golang'] },
  { ids: ['rust'], name: 'Rust', tag: 'rust', aliases: ['rs'] },
  { ids: ['java'], name: 'Java', tag: 'java', aliases: [] },
  { ids: ['kotlin'], name: 'Kotlin', tag: 'kotlin', aliases: ['kt', 'kts'] },
  { ids: ['scala'], name: 'Scala', tag: 'scala', aliases: ['sc'] },
  { ids: ['groovy'], name: 'Groovy', tag: 'groovy', aliases: ['gradle'] },
  { ids: ['swift'], name: 'Swift', tag: 'swift', aliases: [] },
  { ids: ['ruby'], name: 'Ruby', tag: 'ruby', aliases: ['rb'] },
  { ids: ['php'], name: 'PHP', tag: 'php', aliases: [] },
  { ids: ['perl'], name: 'Perl', tag: 'perl', aliases: ['pl'] },
  { ids: ['lua'], name: 'Lua', tag: 'lua', aliases: [] },
  { ids: ['r'], name: 'R', tag: 'r', aliases: [] },
  { ids: ['dart'], name: 'Dart', tag: 'dart', aliases: [] },
  { ids: ['haskell'], name: 'Haskell', tag: 'haskell', aliases: ['hs'] },
  { ids: ['elixir'], name: 'Elixir', tag: 'elixir', aliases: ['ex', 'exs'] },
  { ids: ['clojure'], name: 'Clojure', tag: 'clojure', aliases: ['clj', 'cljs'] },
  { ids: ['fsharp'], name: 'F#', tag: 'fsharp', aliases: ['fs', 'f#'] },
  { ids: ['vb'], name: 'Visual Basic', tag: 'vb', aliases: ['vbnet', 'vb.net'] },
  { ids: ['sql'], name: 'SQL', tag: 'sql', aliases: [] },
  { ids: ['html'], name: 'HTML', tag: 'html', aliases: ['htm', 'xhtml'] },
  { ids: ['xml'], name: 'XML', tag: 'xml', aliases: ['xsl', 'svg'] },
  { ids: ['css'], name: 'CSS', tag: 'css', aliases: [] },
  { ids: ['scss'], name: 'SCSS', tag: 'scss', aliases: [] },
  { ids: ['less'], name: 'Less', tag: 'less', aliases: [] },
  { ids: ['json', 'jsonc', 'jsonl'], name: 'JSON', tag: 'json', aliases: ['jsonc', 'json5', 'jsonl'] },
  { ids: ['yaml'], name: 'YAML', tag: 'yaml', aliases: ['yml'] },
  { ids: ['toml'], name: 'TOML', tag: 'toml', aliases: [] },
  { ids: ['ini'], name: 'INI', tag: 'ini', aliases: ['cfg', 'conf'] },
  { ids: ['markdown'], name: 'Markdown', tag: 'markdown', aliases: ['md'] },
  { ids: ['dockerfile'], name: 'Dockerfile', tag: 'dockerfile', aliases: ['docker'] },
  { ids: ['makefile'], name: 'Makefile', tag: 'makefile', aliases: ['make', 'mk'] },
  { ids: ['vue'], name: 'Vue', tag: 'vue', aliases: [] },
  { ids: ['svelte'], name: 'Svelte', tag: 'svelte', aliases: [] },
  { ids: ['plaintext'], name: 'plain text', tag: 'text', aliases: ['txt', 'plain', 'plaintext'] },
];

// Families whose members are interchangeable for choosing the answer's code block.
const FAMILIES: readonly (readonly string[])[] = [
  ['typescript', 'typescriptreact'],
  ['javascript', 'javascriptreact'],
];

const byKey = new Map<string, LanguageEntry>();
for (const entry of LANGUAGES) {
  for (const key of [...entry.ids, entry.tag, ...entry.aliases]) {
    if (!byKey.has(key)) byKey.set(key, entry);
  }
}

function entryFor(idOrTag: string): LanguageEntry | undefined {
  return byKey.get(idOrTag.trim().toLowerCase());
}

/** A human name for a VS Code language id ("typescript" → "TypeScript"); unknown ids pass through. */
export function languageName(languageId: string): string {
  return entryFor(languageId)?.name ?? languageId;
}

/** The fence tag for a language id ("typescriptreact" → "tsx"); unknown ids pass through. */
export function fenceTag(languageId: string): string {
  const tag = entryFor(languageId)?.tag ?? languageId.trim().toLowerCase();
  // A tag must be one word without backticks to stay a valid info string.
  return /^[^\s`]+$/.test(tag) ? tag : 'text';
}

/** The canonical VS Code id of a language id or fence tag, or the lower-cased input if unknown. */
export function canonicalLanguage(idOrTag: string): string {
  const key = idOrTag.trim().toLowerCase();
  const id = entryFor(key)?.ids[0] ?? key;
  const family = FAMILIES.find((f) => f.includes(id));
  return family?.[0] ?? id;
}

/** Whether a fence tag names the document's language (aliases and React variants included). */
export function sameLanguage(a: string, b: string): boolean {
  if (a.trim() === '' || b.trim() === '') return false;
  return canonicalLanguage(a) === canonicalLanguage(b);
}
