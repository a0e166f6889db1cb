// Reading a nats-server log after it failed: its last lines for an error message (with the route
// password blanked out, in case the server echoes a route URL), and the address it could not bind.
import { readFileSync } from "node:fs";

export function logTail(logFile: string, lineCount: number, secrets: string[]): string {
  let text: string;
  try {
    text = readFileSync(logFile, "utf8");
  } catch {
    return "(no log)";
  }
  let tail = text.trimEnd().split("\n").slice(-lineCount).join("\n");
  for (const secret of secrets) if (secret !== "") tail = tail.split(secret).join("[redacted]");
  return tail === "" ? "(empty log)" : tail;
}

/** "127.0.0.1:4222" when the log says that address was already in use, else null. */
export function addressInUse(logText: string): string | null {
  const match = /([0-9.]+:\d+)[^\n]*address already in use/.exec(logText);
  return match?.[1] ?? null;
}
