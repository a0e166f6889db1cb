// What a machine says when the other end of its connection is not a clocklab router: the first
// bytes did not make a frame (an HTTP server answers "HTTP/1.1 400 ...", read as a 1.2 GB length).
import { escapeForTerminal } from "../core/terminalText.ts";

export function notRouterMessage(host: string, port: number, firstChunk: Uint8Array, detail: string): string {
  const text = new TextDecoder("utf-8", { fatal: false }).decode(firstChunk.subarray(0, 40));
  const looksHttp = /^HTTP\/\d/.test(text);
  const what = looksHttp
    ? `an HTTP server (it answered ${JSON.stringify(escapeForTerminal(text.split("\r\n")[0] ?? ""))})`
    : `something else (its first bytes were not a frame: ${detail})`;
  return (
    `${host}:${port} is not a clocklab router: it is ${what}; ` +
    "expected a `clocklab router` there (set it with --router HOST:PORT)"
  );
}
