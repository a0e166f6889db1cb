// Text from a peer or a log made safe to print on a terminal: control characters (escape
// sequences, newlines, carriage returns) are shown as \xNN instead of being obeyed.

function isControl(code: number): boolean {
  return code < 0x20 || (code >= 0x7f && code <= 0x9f);
}

export function escapeForTerminal(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    out += isControl(code) ? `\\x${code.toString(16).padStart(2, "0")}` : text[i];
  }
  return out;
}
