// Strings as JSON text, exactly as JSON.stringify writes them. Most strings in logs (ids, kinds,
// reasons) are printable ASCII without quotes or backslashes and go between quotes as they are;
// any other string is escaped in place by JSON.stringify of that one string.

/** Printable ASCII other than the quote and the backslash: goes between JSON quotes unchanged. */
export function isPlainAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code > 0x7e || code === 0x22 || code === 0x5c) return false;
  }
  return true;
}

/** The string as a JSON string literal, quotes included. */
export function quotedText(text: string): string {
  return isPlainAscii(text) ? `"${text}"` : JSON.stringify(text);
}
