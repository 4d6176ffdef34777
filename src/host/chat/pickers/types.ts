import type { StoredAttachment } from '../../../core/chat/conversation';

/** An attachment before the session gives it an id and a token count. */
export type NewAttachment = Omit<StoredAttachment, 'id' | 'tokens'>;
