// router.jsonl lines as JSON text, byte for byte what JSON.stringify gives, with a fast path for
// the one entry that comes by the million ("routed"); every other entry goes through JSON.stringify.
import type { RouterLogEntry } from "../routerLog.ts";
import { numberText } from "./numberText.ts";
import { isPlainAscii } from "./plainText.ts";

export function routerLogJson(entry: RouterLogEntry): string {
  if (entry.type !== "routed") return JSON.stringify(entry);
  const { id, from, to, kind } = entry;
  if (
    !Number.isFinite(entry.at) ||
    !isPlainAscii(id) ||
    !isPlainAscii(from) ||
    !isPlainAscii(to) ||
    Object.keys(entry).length !== 7
  ) {
    return JSON.stringify(entry);
  }
  return `{"type":"routed","at":${numberText(entry.at)},"id":"${id}","from":"${from}","to":"${to}","kind":"${kind}","lamport":${entry.lamport}}`;
}
