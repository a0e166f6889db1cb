// Rewrites one "## name" section of BENCHMARKS.md and keeps every other section as it is, so
// several benchmarks (router, ticks, scale, simulate, analyze) can share the file. Reusable:
// `writeBenchmarkSection("simulate", body)` where body is the section text without its heading.
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const BENCHMARKS_FILE = join(import.meta.dirname, "..", "..", "BENCHMARKS.md");

/** Returns `text` with the section `## name` replaced by `body` (appended if absent). */
export function replaceSection(text: string, name: string, body: string): string {
  const heading = `## ${name}`;
  const section = `${heading}\n\n${body.trim()}\n`;
  const lines = (text.trim() === "" ? "# Benchmarks\n" : text).split("\n");
  const start = lines.findIndex((line) => line.trim() === heading);
  if (start < 0) return `${lines.join("\n").trimEnd()}\n\n${section}`;
  let end = start + 1;
  while (end < lines.length && !/^## /.test(lines[end]!)) end++;
  const before = lines.slice(0, start).join("\n").trimEnd();
  const after = lines.slice(end).join("\n").trim();
  return `${before}\n\n${section}${after === "" ? "" : `\n${after}\n`}`;
}

/** Rewrites section `name` of BENCHMARKS.md (creating the file if needed), atomically. */
export function writeBenchmarkSection(name: string, body: string, file = BENCHMARKS_FILE): void {
  const text = existsSync(file) ? readFileSync(file, "utf8") : "";
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, replaceSection(text, name, body));
  renameSync(temporary, file);
}

/** The dated analysis notes kept for a section in bench/lib/notes/<name>.md, or "" if none. */
export function sectionNotes(name: string): string {
  const path = join(import.meta.dirname, "notes", `${name}.md`);
  return existsSync(path) ? `\n\n${readFileSync(path, "utf8").trim()}\n` : "";
}
