// The module hooks recordModules.mjs registers (they run on Node's loader thread): appends the
// URL of every resolved ES module import to the process's log file.
import { appendFileSync } from "node:fs";

let file = null;

export function initialize(data) {
  file = data.file;
}

export async function resolve(specifier, context, nextResolve) {
  const result = await nextResolve(specifier, context);
  if (file !== null) appendFileSync(file, `${result.url}\n`);
  return result;
}
