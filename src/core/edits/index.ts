/** Edit computation for refactor proposals: pure functions, no `vscode`. */
export { EditError, isEditError, type EditErrorCode } from './errors';
export {
  extractReplacement,
  previewReplacement,
  parseFencedBlocks,
  type Extracted,
  type ExtractOptions,
  type FencedBlock,
} from './extract';
export { detectEol, documentEol, END_OF_LINE_CRLF, convertEol, trailingLineBreaks, prepareReplacement, type PrepareOptions } from './eol';
export { commonIndent, restoreIndentation } from './indent';
export { splitKeepEol, documentLines, contentOf, terminatorOf, lineOffsets, lineStarts, countLineBreaks, type Eol } from './lines';
export { computeLineEdits, applyLineEdits, computeHunks, applyHunks, type LineEdit, type Hunk } from './lineEdits';
export {
  planRangeReplacement,
  applyOffsetEdits,
  rangeText,
  type LineRange,
  type Position,
  type TextEdit,
  type OffsetEdit,
  type PlanOptions,
  type RangeReplacementPlan,
} from './plan';
export { reanchor, type ReanchorResult, type ReanchorFailure, type ReanchorOptions } from './anchor';
export { trackLineRange, type TrackedRange, type DocumentChange } from './track';
export { applyProposal, type Proposal, type ApplyResult } from './proposal';
