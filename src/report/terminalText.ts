// Text from logs, ids and names made safe for a terminal: control characters (which would start
// escape sequences, move the cursor or end lines) become "?".

export function printable(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: replacing them is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, "?");
}
