/**
 * FILE[:START[-END]]: which file and which lines a command works on. Lines are 1-based and
 * inclusive, as editors number them; FILE alone means the whole file.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { canonicalLanguage, languageName, surroundingWindow, type PromptContext } from '../core/prompts';
import { splitKeepEol } from '../core/edits';
import { inputError } from './errors';

export interface FileTarget {
  /** The path as given (without the range). */
  readonly file: string;
  readonly absPath: string;
  /** The exact bytes read, for the "changed since it was read" check before writing. */
  readonly bytes: Buffer;
  readonly text: string;
  /** 0-based, inclusive: the document range in src/core/edits terms. */
  readonly startLine: number;
  readonly endLine: number;
  /** Whether no range was given. */
  readonly wholeFile: boolean;
  /** The lines' text, terminators included, exactly as in the file. */
  readonly rangeText: string;
  readonly context: PromptContext;
}

interface Spec {
  file: string;
  start?: number;
  end?: number;
}

/** Splits the range off. A suffix after the last colon that holds no path separator is a range. */
export function parseTargetSpec(spec: string): Spec {
  const colon = spec.lastIndexOf(':');
  if (colon <= 0 || existsSync(spec)) return { file: spec };
  const file = spec.slice(0, colon);
  const range = spec.slice(colon + 1);
  if (/[\\/]/.test(range)) return { file: spec }; // C:\path on Windows
  const m = /^(\d+)(?:-(\d+))?$/.exec(range.trim());
  if (!m) throw inputError(`Bad line range “${range}” in ${file}: use FILE:START or FILE:START-END with 1-based line numbers.`);
  const start = Number(m[1]);
  const end = m[2] === undefined ? start : Number(m[2]);
  if (start < 1) throw inputError(`Bad line range “${range}” in ${file}: lines are numbered from 1.`);
  if (end < start) throw inputError(`Bad line range “${range}” in ${file}: the end line comes before the start line.`);
  return { file, start, end };
}

export function readTarget(spec: string, cwd: string): FileTarget {
  const parsed = parseTargetSpec(spec);
  const absPath = path.resolve(cwd, parsed.file);
  let bytes: Buffer;
  try {
    bytes = readFileSync(absPath);
  } catch (e) {
    throw inputError(`Cannot read ${parsed.file}: ${reason(e)}.`);
  }
  if (bytes.subarray(0, 8000).includes(0)) throw inputError(`${parsed.file} looks like a binary file, not text.`);
  const text = bytes.toString('utf8');
  // Lines as a person counts them: a final line break does not start another line.
  const lines = splitKeepEol(text);
  if (lines.length === 0) throw inputError(`${parsed.file} is empty.`);
  const start = parsed.start ?? 1;
  const end = parsed.end ?? lines.length;
  if (end > lines.length) {
    throw inputError(
      `Bad line range ${start}-${end} for ${parsed.file}: it has ${lines.length} line${lines.length === 1 ? '' : 's'}.`,
    );
  }
  const rangeText = lines.slice(start - 1, end).join('');
  const contents = text.split('\n');
  if (text.endsWith('\n')) contents.pop();
  const window = surroundingWindow(contents, start - 1, end - 1);
  const context: PromptContext = {
    selectedText: rangeText.replace(/\r?\n$/, ''),
    languageId: languageIdFor(absPath),
    relativePath: displayPath(absPath, cwd),
    startLine: start,
    endLine: end,
    before: window.before,
    after: window.after,
    selectionKind: parsed.start === undefined ? 'file' : 'selection',
  };
  return { file: parsed.file, absPath, bytes, text, startLine: start - 1, endLine: end - 1, wholeFile: parsed.start === undefined, rangeText, context };
}

/** VS Code's language id from the file name, "plaintext" when unknown. */
export function languageIdFor(file: string): string {
  const base = path.basename(file).toLowerCase();
  if (base === 'dockerfile' || base.startsWith('dockerfile.')) return 'dockerfile';
  if (base === 'makefile' || base === 'gnumakefile') return 'makefile';
  const ext = path.extname(base).slice(1);
  if (ext === '') return 'plaintext';
  // canonicalLanguage folds React variants into their base language; the document keeps its own.
  if (ext === 'tsx') return 'typescriptreact';
  if (ext === 'jsx') return 'javascriptreact';
  const id = canonicalLanguage(ext);
  // languageName passes unknown ids through unchanged; every known one has a proper name.
  return languageName(id) === id ? 'plaintext' : id;
}

/** Relative to the working directory, "/"-separated, when inside it; else absolute. */
function displayPath(absPath: string, cwd: string): string {
  const rel = path.relative(cwd, absPath);
  const shown = rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? absPath : rel;
  return shown.split(path.sep).join('/');
}

function reason(e: unknown): string {
  const code = (e as { code?: unknown }).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    default:
      return typeof code === 'string' ? code : 'unknown error';
  }
}
