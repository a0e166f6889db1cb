// The published schemas in docs/protocol/ are exactly what the generator makes from the frame
// descriptions today: the docs cannot drift from the validator. If this fails, run `npm run schemas`.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { protocolSchemas } from "../../src/core/protocol/jsonSchema.ts";

const SCHEMA_DIR = fileURLToPath(new URL("../../docs/protocol/", import.meta.url));
const generated = protocolSchemas();

describe("docs/protocol/*.schema.json", () => {
  it("has one file per frame and no other", () => {
    const onDisk = readdirSync(SCHEMA_DIR).filter((name) => name.endsWith(".schema.json"));
    expect(onDisk.sort()).toEqual(generated.map((file) => file.fileName).sort());
  });

  it.each(generated.map((file) => [file.fileName, file] as const))(
    "%s is what `npm run schemas` writes",
    (fileName, file) => {
      const text = readFileSync(`${SCHEMA_DIR}${fileName}`, "utf8");
      // Compared as JSON text of the parsed value, so key order counts and formatting does not.
      expect(JSON.stringify(JSON.parse(text)), `run npm run schemas`).toBe(JSON.stringify(file.schema));
    },
  );
});
