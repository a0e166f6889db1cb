// The line and JSON-array readers: lines and elements split across 1 MB chunk boundaries, multi-byte
// characters on a boundary, strings holding braces and escaped quotes.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeRunDir } from "../../test/analysis/runDirs.ts";
import { JsonArrayReader } from "./jsonArrayReader.ts";
import { LineReader } from "./lineReader.ts";

async function allLines(path: string): Promise<{ lines: string[]; rest: string }> {
  const reader = await LineReader.open(path);
  const lines: string[] = [];
  for (;;) {
    const line = reader.nextLine();
    if (line !== undefined) lines.push(line);
    else if (!(await reader.fill())) break;
  }
  return { lines, rest: reader.remainder() };
}

describe("LineReader", () => {
  it("returns every line across chunk boundaries, including multi-byte characters", async () => {
    const expected = Array.from(
      { length: 40_000 },
      (_, i) => `${i}:${"é€😀".repeat(i % 7)}${"x".repeat(i % 50)}`,
    );
    const path = join(makeRunDir({}), "lines.txt");
    writeFileSync(path, `${expected.join("\n")}\nlast-without-newline`);
    const { lines, rest } = await allLines(path);
    expect(lines).toEqual(expected);
    expect(rest).toBe("last-without-newline");
  });
});

describe("JsonArrayReader", () => {
  it("returns each top-level object, whatever its strings hold", async () => {
    const objects = Array.from({ length: 30_000 }, (_, i) => ({
      i,
      text: `{[}]"\\ ${"😀".repeat(i % 3)}`,
      nested: { a: [i, { b: "}" }] },
    }));
    const path = join(makeRunDir({}), "array.json");
    writeFileSync(path, JSON.stringify(objects, null, 2));
    const reader = await JsonArrayReader.open(path);
    const seen: unknown[] = [];
    for (;;) {
      const element = reader.nextElement();
      if (element !== undefined) seen.push(JSON.parse(element));
      else if (!(await reader.fill())) break;
    }
    expect(seen).toEqual(objects);
    expect(reader.closed).toBe(true);
    expect(reader.cutMidElement()).toBe(false);
  });
});
