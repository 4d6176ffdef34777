/**
 * A short fingerprint of a code block's code, sent by the chat panel with each code-block click
 * and checked by the host against the block it found in its own copy of the answer. The host never
 * takes code from the panel; the fingerprint makes sure both mean the same block, so a button
 * never acts on code the user was not looking at (see SECURITY.md, the host↔webview channel).
 * Not a defence against a forger: the host's copy is the only source of code either way.
 *
 * 32-bit FNV-1a over the code's UTF-8 bytes, as 8 lowercase hex digits.
 */
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

export const CODE_HASH_PATTERN = /^[0-9a-f]{8}$/;

const encoder = new TextEncoder();

export function codeHash(code: string): string {
  let hash = FNV_OFFSET;
  for (const byte of encoder.encode(code)) {
    hash ^= byte;
    hash = Math.imul(hash, FNV_PRIME);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}
