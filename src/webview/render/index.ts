// The chat panel's renderer: what the webview UI imports.
export { type CodeAction, type CodeBlock } from './codeBlock';
export { IncrementalRenderer, type IncrementalRendererOptions, renderFull, renderMessage, type Scheduler } from './incremental';
export { isAllowedUrl } from './links';
export { sanitizeHtml, sanitizeToFragment } from './sanitize';
