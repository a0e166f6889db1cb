// The tailer's file cursor: lines appended over time come out once each with their offsets, a
// cut last line waits for its newline, a missing file reads as empty until it appears, overlong
// lines are skipped and counted, and a file that shrinks is followed from its new end.
import { appendFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FileCursor } from "./fileCursor.ts";

function tempFile(): string {
  return join(mkdtempSync(join(tmpdir(), "clocklab-cursor-")), "m1.jsonl");
}

describe("FileCursor", () => {
  it("returns lines as the file grows, each once, with byte offsets", () => {
    const path = tempFile();
    writeFileSync(path, "one\ntwo\n");
    const cursor = new FileCursor(path);
    expect(cursor.read().map((l) => [l.text, l.startOffset, l.endOffset])).toEqual([
      ["one", 0, 4],
      ["two", 4, 8],
    ]);
    expect(cursor.read()).toEqual([]);
    appendFileSync(path, "three\n");
    expect(cursor.read().map((l) => [l.text, l.startOffset])).toEqual([["three", 8]]);
    expect(cursor.offset).toBe(14);
  });

  it("keeps a cut last line until its newline arrives", () => {
    const path = tempFile();
    writeFileSync(path, '{"a":1}\n{"b":');
    const cursor = new FileCursor(path);
    expect(cursor.read().map((l) => l.text)).toEqual(['{"a":1}']);
    expect(cursor.hasPartial).toBe(true);
    expect(cursor.partialText).toBe('{"b":');
    appendFileSync(path, "2}\n");
    expect(cursor.read().map((l) => l.text)).toEqual(['{"b":2}']);
    expect(cursor.hasPartial).toBe(false);
  });

  it("hands over a cut last line as a remainder when asked", () => {
    const path = tempFile();
    writeFileSync(path, "done\nhalf");
    const cursor = new FileCursor(path);
    cursor.read();
    expect(cursor.takeRemainder()).toEqual({ text: "half", startOffset: 5, endOffset: 9 });
    expect(cursor.takeRemainder()).toBeNull();
    appendFileSync(path, "\nnext\n");
    expect(cursor.read().map((l) => l.text)).toEqual(["", "next"]);
  });

  it("reads a file that appears late, and multi-byte text split across reads", () => {
    const path = tempFile();
    const cursor = new FileCursor(path);
    expect(cursor.read()).toEqual([]);
    writeFileSync(path, "é€\n");
    expect(cursor.read(2).map((l) => l.text)).toEqual([]);
    expect(cursor.read(2).map((l) => l.text)).toEqual([]);
    expect(cursor.read(2).map((l) => l.text)).toEqual(["é€"]);
  });

  it("skips and counts lines longer than the limit", () => {
    const path = tempFile();
    writeFileSync(path, `short\n${"x".repeat(100)}`);
    const cursor = new FileCursor(path, 0, 32);
    expect(cursor.read().map((l) => l.text)).toEqual(["short"]);
    appendFileSync(path, `${"y".repeat(50)}\nafter\n`);
    expect(cursor.read().map((l) => l.text)).toEqual(["after"]);
    expect(cursor.overlongLines).toBe(1);
  });

  it("follows a file that got shorter from its new end", () => {
    const path = tempFile();
    writeFileSync(path, "aaaa\nbbbb\n");
    const cursor = new FileCursor(path);
    cursor.read();
    writeFileSync(path, "c\n");
    expect(cursor.read()).toEqual([]);
    expect(cursor.shrankAt).toBe(2);
    appendFileSync(path, "d\n");
    expect(cursor.read().map((l) => l.text)).toEqual(["d"]);
  });
});
