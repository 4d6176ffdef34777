// The chat panel's renderer: what the webview UI imports.
export { type CodeAction, type CodeBlock } from './codeBlock';
export { IncrementalRenderer, type IncrementalRendererOptions, renderFull, renderMessage, type Scheduler } from './incremental';
export { isAllowedUrl } from '../../core/markdown/links';
export { sanitizeHtml, sanitizeToFragment } from './sanitize';
