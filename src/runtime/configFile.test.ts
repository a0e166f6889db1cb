// The config file layer, and the check that config/config.yaml and the schema hold exactly the
// built-in defaults.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BUILT_IN_DEFAULTS, CONFIG_DEFAULTS, configSchema } from "../core/config.ts";
import { UserError } from "../core/userError.ts";
import { LOCAL_CONFIG_FILE, readConfigFile, readConfigLayer } from "./configFile.ts";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "clocklab-config-file-"));
  dirs.push(dir);
  return dir;
}

function inDirectory<T>(dir: string, body: () => T): T {
  const before = process.cwd();
  process.chdir(dir);
  try {
    return body();
  } finally {
    process.chdir(before);
  }
}

describe("defaults live in one place", () => {
  it("the schema's defaults are CONFIG_DEFAULTS", () => {
    expect(configSchema.parse({})).toEqual(CONFIG_DEFAULTS);
  });

  it("config/config.yaml lists every key with exactly its default", () => {
    expect(readConfigFile(LOCAL_CONFIG_FILE)).toEqual(CONFIG_DEFAULTS);
  });

  it("config/config.yaml has a comment on every key below the sections", () => {
    const keyLines = readFileSync(LOCAL_CONFIG_FILE, "utf8")
      .split("\n")
      .filter((line) => /^\s+[A-Za-z]+:/.test(line));
    expect(keyLines.filter((line) => !line.includes(" # "))).toEqual([]);
  });
});

describe("readConfigLayer", () => {
  it("starts from config/config.yaml in the current directory when there is one", () => {
    const dir = tempDir();
    mkdirSync(join(dir, "config"));
    writeFileSync(join(dir, "config", "config.yaml"), "run:\n  machines: 5\n");
    const layer = inDirectory(dir, () => readConfigLayer());
    expect(layer.raw).toEqual({ run: { machines: 5 } });
    expect(layer.source).toBe(join(dir, "config", "config.yaml"));
  });

  it("starts from the built-in defaults where there is none", () => {
    const layer = inDirectory(tempDir(), () => readConfigLayer());
    expect(layer).toEqual({ raw: {}, source: BUILT_IN_DEFAULTS });
  });

  it("refuses an explicit file that does not exist, naming --config", () => {
    const missing = join(tempDir(), "missing.yaml");
    expect(() => readConfigLayer(missing)).toThrow(UserError);
    expect(() => readConfigLayer(missing)).toThrow(`--config ${missing}: cannot read the file (ENOENT)`);
  });

  it("refuses a file that is not a mapping, and keys that could reach a prototype", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "list.yaml"), "- a\n");
    expect(() => readConfigFile(join(dir, "list.yaml"))).toThrow("the top level must be a mapping");
    writeFileSync(join(dir, "proto.yaml"), "machine:\n  clocks:\n    __proto__: { offsetMs: 5 }\n");
    expect(() => readConfigFile(join(dir, "proto.yaml"))).toThrow(
      "key machine.clocks.__proto__ is not allowed",
    );
  });
});
