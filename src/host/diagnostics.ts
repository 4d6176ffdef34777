import type * as vscode from 'vscode';

// Kept apart from commands/refactor.ts: the code action provider is registered by the small
// start-up bundle (docs/architecture.md, "Activation"), which must not pull the refactor command in.

/** "line 12: error TS2322 (ts): Type 'string' is not assignable to type 'number'." */
export function describeDiagnostic(d: vscode.Diagnostic): string {
  const severity = ['error', 'warning', 'info', 'hint'][d.severity] ?? 'problem';
  const code = d.code === undefined ? '' : ` ${typeof d.code === 'object' ? String(d.code.value) : String(d.code)}`;
  const source = d.source ? ` (${d.source}${code})` : code;
  return `line ${d.range.start.line + 1}: ${severity}${source}: ${d.message.replace(/\s+/g, ' ').trim()}`;
}

/** For "Fix with Claude": the instruction for one diagnostic. */
export function fixInstruction(d: vscode.Diagnostic): string {
  // l10n-ignore: the instruction is a prompt for Claude
  return `Fix this problem reported in the code (the line number is the file's):\n- ${describeDiagnostic(d)}\nChange only what the fix needs.`;
}
