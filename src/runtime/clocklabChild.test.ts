// Which of its parent's Node flags a clocklab child inherits: profiling and memory flags yes;
// loaders (tsx, a test runner's), code to evaluate and the inspector no.
import { describe, expect, it } from "vitest";
import { childExecArgv } from "./clocklabChild.ts";

describe("childExecArgv", () => {
  it("keeps profiling and memory flags", () => {
    const flags = ["--cpu-prof", "--cpu-prof-dir=/tmp/p", "--max-old-space-size=512", "--enable-source-maps"];
    expect(childExecArgv(flags)).toEqual(flags);
  });

  it("drops loaders with their values, in both spellings", () => {
    const tsx = ["--require", "/x/tsx/dist/preflight.cjs", "--import", "file:///x/tsx/dist/loader.mjs"];
    expect(childExecArgv([...tsx, "--cpu-prof", "--import=tsx", "-r", "a.cjs", "--loader", "l.mjs"])).toEqual(
      ["--cpu-prof"],
    );
  });

  it("drops code to evaluate and the inspector", () => {
    expect(
      childExecArgv(["-e", "0", "--inspect", "--inspect-brk=9230", "--inspect-port", "9229", "--trace-gc"]),
    ).toEqual(["--trace-gc"]);
  });
});
