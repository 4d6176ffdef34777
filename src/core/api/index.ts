/** The public API of the AI/ML API client. */
export { AimlClient, type ClientOptions, type WarmOutcome } from './client';
export { AimlError, isAimlError, type AimlErrorKind } from './errors';
export { normaliseFinishReason } from './chunk';
export { findListedModel } from './modelList';
export { parseRetryAfter, backoffDelay, abortableSleep, type Sleep } from './retry';
export { buildChatBody, type WireChatBody } from './requestBody';
export { scrubSecrets } from './scrub';
// `export *` rather than `export type`: the module is then loaded at run time too, which costs
// nothing and keeps coverage tools from reporting the type-only file as never run.
export * from './types';
