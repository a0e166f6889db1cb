// `npm run build` (and `prepare`, so `npm install` in a clone builds): compiles src/ to dist/
// with tsc, then stamps dist/.built, which bin/clocklab.js compares against src/ in a checkout.
import { execFileSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
rmSync("dist", { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.build.json"], {
  stdio: "inherit",
});
await (await import("./buildWeb.mjs")).buildWeb();
writeFileSync("dist/.built", `${new Date().toISOString()}\n`);
