// `node --import` this file (or put it in NODE_OPTIONS) to record every module the process loads:
// ES modules through a resolve hook, CommonJS through require's resolver. Each process writes
// $CLOCKLAB_MODULE_LOG_DIR/<pid>.log: its arguments as JSON on the first line, then one resolved
// URL or path per line. Without that variable it does nothing.
import { appendFileSync, writeFileSync } from "node:fs";
import Module, { register } from "node:module";
import { join } from "node:path";

const dir = process.env.CLOCKLAB_MODULE_LOG_DIR;
if (dir !== undefined && dir !== "") {
  const file = join(dir, `${process.pid}.log`);
  writeFileSync(file, `${JSON.stringify(process.argv.slice(2))}\n`);
  register("./recordModulesHooks.mjs", import.meta.url, { data: { file } });
  const resolveFilename = Module._resolveFilename;
  Module._resolveFilename = function recordResolvedFilename(...args) {
    const resolved = resolveFilename.apply(this, args);
    appendFileSync(file, `${resolved}\n`);
    return resolved;
  };
}
