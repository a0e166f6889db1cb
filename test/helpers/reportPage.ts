// Checks on a written report.html shared by the report tests: its only script is its own, allowed
// by its SHA-256 hash in the Content-Security-Policy, and nothing else may run or load.
import { createHash } from "node:crypto";
import { expect } from "vitest";

/** The page's scripts, and its CSP. */
function scriptsOf(html: string): { scripts: string[]; csp: string } {
  const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
  const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1] ?? "";
  return { scripts, csp };
}

/** Checks that the page's only script is the one its CSP allows by hash, and that nothing else may run or load. */
export function expectOnlyTheHashedScript(html: string): void {
  const { scripts, csp } = scriptsOf(html);
  expect(scripts).toHaveLength(1);
  expect(html.match(/<script/gi)).toHaveLength(1);
  const hash = createHash("sha256").update(scripts[0]!, "utf8").digest("base64");
  expect(csp).toBe(
    `default-src 'none'; style-src 'unsafe-inline'; img-src data: blob:; script-src 'sha256-${hash}'`,
  );
  expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org)/i);
  expect(html).not.toMatch(/<[^>]*\son[a-z]+=/i);
}
