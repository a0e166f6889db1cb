// The config flags table against the schema and the defaults: every flag sets a real key and
// shows a default, and each command gets only the flags that apply to it.
import { describe, expect, it } from "vitest";
import { configSchema, schemaAt } from "../../core/config.ts";
import { CONFIG_FLAGS } from "./flags.ts";
import { helpDefault } from "./helpDefault.ts";

describe("the config flags table", () => {
  it("every flag sets a key the schema has, and shows a default read from the defaults", () => {
    for (const flag of CONFIG_FLAGS) {
      expect(schemaAt(configSchema, flag.path.split(".")), flag.option).toBeDefined();
      expect(helpDefault(flag), flag.option).not.toBe("");
    }
  });

  it("a flag whose default is null says what that means", () => {
    const nulls = CONFIG_FLAGS.filter((flag) => helpDefault(flag) === "none" && flag.whenNull === undefined);
    expect(nulls.map((flag) => flag.option)).toEqual([]);
  });

  it("per-key flags set the keys they name", () => {
    const entries = (option: string, text: string) =>
      CONFIG_FLAGS.find((flag) => flag.option.startsWith(option))!.toEntries!(text);
    expect(entries("--actions", "sendFirst=2, internal=3")).toEqual([
      [["machine", "actions", "sendFirst"], "2"],
      [["machine", "actions", "internal"], "3"],
    ]);
    expect(entries("--offsets", "m2=50,m.3=-20")).toEqual([
      [["machine", "clocks", "m2", "offsetMs"], "50"],
      [["machine", "clocks", "m.3", "offsetMs"], "-20"],
    ]);
  });

  it("client lists only what a client decides: where it connects, its token, frames and log", () => {
    const client = CONFIG_FLAGS.filter((flag) => flag.commands.includes("client")).map((f) => f.option);
    expect(client).toEqual([
      "--log-dir <dir>",
      "--host <address>",
      "--port <n>",
      "--token <secret>",
      "--max-frame-bytes <n>",
    ]);
  });

  it("--fault is taken by run, router and simulate, shows no faults by default, and reads its text", () => {
    const fault = CONFIG_FLAGS.find((flag) => flag.option === "--fault <text>")!;
    expect(fault.commands).toEqual(["run", "router", "simulate"]);
    expect(helpDefault(fault)).toBe("no faults");
    expect(fault.toListEntry!("loss 5%")).toEqual({ ok: true, entry: { loss: "5%" } });
    expect(fault.toListEntry!("los 5%")).toMatchObject({
      ok: false,
      message: expect.stringContaining("did you mean loss?"),
    });
  });
});
