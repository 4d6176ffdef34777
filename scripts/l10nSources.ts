/**
 * Reads the extension's sources with the TypeScript compiler to find
 *  - the messages it translates: the first argument of `vscode.l10n.t` / `l10n.t` (host), `t`
 *    (webview, src/webview/l10n.ts) and `tr` (core and the vscode-free parts of the host,
 *    src/core/l10n.ts). They make l10n/bundle.l10n.json (`npm run l10n:export`).
 *  - user-visible English left as a plain literal in src/host and src/webview, which the
 *    unit test test/unit/l10n/runtimeBundles.test.ts refuses.
 * See docs/localization.md for the rules a literal is judged by.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export const root = path.resolve(__dirname, '..');

/** Where messages are extracted from. */
const MESSAGE_ROOTS = ['src/host', 'src/webview', 'src/core', 'src/shared', 'src/extension.ts'];
/** Where no user-visible English may stay a literal. */
export const SCANNED_ROOTS = ['src/host', 'src/webview', 'src/shared', 'src/extension.ts'];
/** The translation functions themselves (their parameter is a variable on purpose). */
const DEFINITIONS = new Set(['src/host/l10n.ts', 'src/core/l10n.ts', 'src/webview/l10n.ts', 'src/shared/l10nFormat.ts']);

const TRANSLATE_CALLEES = /^(vscode\.l10n\.t|l10n\.t|t|tr)$/;
/** Logs are for developers and bug reports, in English like VS Code's own. */
const LOG_CALLEE = /(^|\.)(log|logger|channel)\.(trace|debug|info|warn|error|appendLine|append)$|^console\.\w+$/;
/** DOM lookups take selectors, not prose. */
const SELECTOR_CALLEE = /^require$|\.(querySelector|querySelectorAll|closest|matches|getElementById|setAttribute|removeAttribute|toggleAttribute|addEventListener|removeEventListener)$/;
/** Properties whose values are machine words, not text (class lists, roles, ids, kinds). */
const MACHINE_PROPERTIES = new Set([
  'class', 'className', 'role', 'type', 'kind', 'id', 'rel', 'autocomplete', 'lang', 'scheme', 'language', 'languageId',
  'command', 'viewType', 'contextValue', 'key', 'code', 'action', 'mode', 'level', 'encoding', 'dir', 'spellcheck',
  'aria-live', 'aria-hidden', 'aria-haspopup', 'aria-expanded', 'aria-controls', 'aria-describedby', 'href', 'source', 'status',
]);

export function sourceFiles(roots: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    const abs = path.join(root, rel);
    if (fs.statSync(abs).isDirectory()) {
      for (const name of fs.readdirSync(abs).sort()) walk(path.posix.join(rel, name));
    } else if (rel.endsWith('.ts') && !rel.endsWith('.d.ts')) out.push(rel);
  };
  roots.forEach(walk);
  return out;
}

function parse(rel: string): ts.SourceFile {
  return ts.createSourceFile(rel, fs.readFileSync(path.join(root, rel), 'utf8'), ts.ScriptTarget.Latest, true);
}

function calleeText(call: ts.CallExpression | ts.NewExpression, src: ts.SourceFile): string {
  return call.expression.getText(src).replace(/\s+/g, '');
}

function where(node: ts.Node, src: ts.SourceFile): string {
  const { line } = src.getLineAndCharacterOfPosition(node.getStart(src));
  return `${src.fileName}:${line + 1}`;
}

export interface Extraction {
  /** English message → the places it is used. */
  messages: Map<string, string[]>;
  /** Translation calls whose message is not a literal: no bundle could list them. */
  problems: string[];
}

export function extractMessages(): Extraction {
  const messages = new Map<string, string[]>();
  const problems: string[] = [];
  for (const rel of sourceFiles(MESSAGE_ROOTS)) {
    if (DEFINITIONS.has(rel)) continue;
    const src = parse(rel);
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && TRANSLATE_CALLEES.test(calleeText(node, src))) {
        const callee = calleeText(node, src);
        // `t`/`tr` are ours only where they are imported as such; a local `t` elsewhere is not.
        const first = node.arguments[0];
        if (first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first))) {
          const at = messages.get(first.text) ?? [];
          at.push(where(node, src));
          messages.set(first.text, at);
        } else if (callee !== 't' || importsWebviewT(src)) {
          problems.push(`${where(node, src)}: ${callee}(…) needs a literal message, got ${first ? first.getText(src).slice(0, 60) : 'nothing'}`);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(src);
  }
  return { messages, problems };
}

function importsWebviewT(src: ts.SourceFile): boolean {
  return /import \{[^}]*\bt\b[^}]*\} from '[./]*l10n'/.test(src.text);
}

/** Text a person reads: two words, or one capitalised word ("Send", "Dismiss"). */
export function looksLikeProse(text: string): boolean {
  // One token (an id, a path, a glob, a class): prose only as a capitalised word, "Send", "Custom…".
  if (!/\s/.test(text.trim())) return /^[A-Z][a-z]{2,}(…|\.\.\.)?:?$/.test(text.trim());
  return /[A-Za-z]{2,}[\s,.:;'’!?…)(-]+[A-Za-z]{2,}/.test(text);
}

/**
 * `// l10n-ignore: why` on the literal's line or the line before, or the literal between
 * `// l10n-ignore-start: why` and `// l10n-ignore-end` (a tool's spec for Claude, say).
 */
function isIgnored(node: ts.Node, src: ts.SourceFile): boolean {
  const { line } = src.getLineAndCharacterOfPosition(node.getStart(src));
  const lines = src.text.split('\n');
  if ([lines[line], lines[line - 1]].some((l) => l !== undefined && /\/\/ l10n-ignore(?!-)\b/.test(l))) return true;
  for (let i = line; i >= 0; i--) {
    if (/\/\/ l10n-ignore-end\b/.test(lines[i] ?? '')) return false;
    if (/\/\/ l10n-ignore-start\b/.test(lines[i] ?? '')) return true;
  }
  return false;
}

/** Whether this literal is in a place that is not user-visible text. */
function isMachinePosition(node: ts.Node, src: ts.SourceFile): boolean {
  for (let child: ts.Node = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (ts.isImportDeclaration(parent) || ts.isExportDeclaration(parent) || ts.isLiteralTypeNode(parent)) return true;
    if (ts.isCallExpression(parent) || ts.isNewExpression(parent)) {
      const callee = calleeText(parent, src);
      if (ts.isCallExpression(parent) && TRANSLATE_CALLEES.test(callee) && parent.arguments[0] === child) return true;
      if (LOG_CALLEE.test(callee) || SELECTOR_CALLEE.test(callee)) return true;
      // Errors thrown for the log and for callers; those shown to users are translated where shown.
      if (ts.isNewExpression(parent) && /Error$/.test(callee)) return true;
      return false;
    }
    if (ts.isPropertyAssignment(parent)) {
      if (parent.name === child) return true;
      const name = ts.isIdentifier(parent.name) || ts.isStringLiteral(parent.name) ? parent.name.text : '';
      return MACHINE_PROPERTIES.has(name) || name.startsWith('data-');
    }
    if (ts.isCaseClause(parent) || ts.isElementAccessExpression(parent)) return true;
    if (ts.isBinaryExpression(parent) && /^(===|!==|==|!=|in)$/.test(parent.operatorToken.getText(src))) return true;
    // Template spans and conditionals pass the question on to their parent.
    if (ts.isTemplateSpan(parent) || ts.isTemplateExpression(parent) || ts.isConditionalExpression(parent) || ts.isParenthesizedExpression(parent)) continue;
    if (ts.isBinaryExpression(parent)) continue; // a + b, a ?? b
    return false;
  }
  return false;
}

/** User-visible English still written as a literal in src/host and src/webview: "file:line: text". */
export function findLiterals(): string[] {
  return sourceFiles(SCANNED_ROOTS)
    .filter((rel) => !DEFINITIONS.has(rel))
    .flatMap((rel) => literalsIn(rel, fs.readFileSync(path.join(root, rel), 'utf8')));
}

/** The same for one source text (exported so the test can check the rules on samples). */
export function literalsIn(fileName: string, text: string): string[] {
  const src = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    let literal: string | undefined;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) literal = node.text;
    else if (ts.isTemplateExpression(node)) literal = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join('{}');
    if (literal !== undefined && looksLikeProse(literal) && !isMachinePosition(node, src) && !isIgnored(node, src)) {
      found.push(`${where(node, src)}: ${JSON.stringify(literal).slice(0, 100)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(src);
  return found;
}

/** The English bundle as `npm run l10n:export` writes it: message → message, sorted. */
export function englishBundle(): Record<string, string> {
  const { messages } = extractMessages();
  const out: Record<string, string> = {};
  for (const m of [...messages.keys()].sort()) out[m] = m;
  return out;
}
