// `npm run schemas`: writes the JSON Schema of every frame of the wire protocol to
// docs/protocol/<type>.schema.json, generated from the same descriptions the validator runs on
// (src/core/protocol/jsonSchema.ts), then lets Biome format them as it formats every JSON file of
// the repository. A test checks the files are what this script writes today.
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { protocolSchemas } from "../src/core/protocol/jsonSchema.ts";

const OUT_DIR = "docs/protocol";

mkdirSync(OUT_DIR, { recursive: true });
const files = protocolSchemas();
const wanted = new Set(files.map((file) => file.fileName));
// A frame that no longer exists must not leave its schema behind.
for (const name of readdirSync(OUT_DIR)) {
  if (name.endsWith(".schema.json") && !wanted.has(name)) rmSync(join(OUT_DIR, name));
}
for (const file of files) {
  writeFileSync(join(OUT_DIR, file.fileName), `${JSON.stringify(file.schema, null, 2)}\n`);
}
const require = createRequire(import.meta.url);
execFileSync(process.execPath, [require.resolve("@biomejs/biome/bin/biome"), "format", "--write", OUT_DIR], {
  stdio: ["ignore", "ignore", "inherit"],
});
console.log(`wrote ${files.length} schemas to ${OUT_DIR}/: ${files.map((f) => f.fileName).join(", ")}`);
