// HTML escaping for text we splice into markup ourselves (code block labels, image alt text).
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

export function escapeHtml(text: string): string {
  return /[&<>"]/.test(text) ? text.replace(/[&<>"]/g, (ch) => ESCAPES[ch] ?? ch) : text;
}
