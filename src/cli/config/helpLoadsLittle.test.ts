// `clocklab --help` must start fast and small: the modules it loads (everything main.ts imports
// statically, as opposed to the `await import(...)` of a command's work) must not include zod or
// the YAML parser.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const STATIC_IMPORT = /^\s*(?:import|export)\s+(?!type\b)[^;]*?\bfrom\s+"([^"]+)"/gm;

function staticImports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(STATIC_IMPORT)].map((match) => match[1]!);
}

/** Every module reachable from `entry` through static imports: local files and package names. */
function loadedBy(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const pending = [resolve(entry)];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const specifier of staticImports(file)) {
      if (specifier.startsWith(".")) pending.push(resolve(dirname(file), specifier));
      else packages.add(specifier);
    }
  }
  return { files, packages };
}

describe("clocklab --help", () => {
  it("loads neither zod nor yaml", () => {
    const { files, packages } = loadedBy("src/cli/main.ts");
    expect(files.size).toBeGreaterThan(5);
    expect([...packages].filter((name) => /^(zod|yaml)(\/|$)/.test(name))).toEqual([]);
    expect([...files].filter((file) => file.includes("/core/config/schema"))).toEqual([]);
  });
});
