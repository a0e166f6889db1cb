// Whether a string can go into JSON text between quotes as it is: printable ASCII other than the
// quote and the backslash. (Anything else takes JSON.stringify's path, which escapes correctly.)

export function isPlainAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code > 0x7e || code === 0x22 || code === 0x5c) return false;
  }
  return true;
}
