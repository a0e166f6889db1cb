// Machines, partition groups and links as users write them, in YAML or in --fault words.
import { describe, expect, it } from "vitest";
import { parseLinks, parsePartition, parseTargets } from "./parseTargets.ts";

describe("parseTargets", () => {
  it.each([
    ["m2", { ids: ["m2"] }],
    ["m1,m2", { ids: ["m1", "m2"] }],
    ["m1, m2", { ids: ["m1", "m2"] }],
    [["m1", "m2"], { ids: ["m1", "m2"] }],
    ["one", { rule: "one" }],
    ["majority", { rule: "majority" }],
    ["minority-third", { rule: "minority-third" }],
    ["all", { rule: "all" }],
  ])("%j", (value, targets) => {
    expect(parseTargets(value)).toEqual({ ok: true, value: targets });
  });

  it("refuses no machine, bad ids and other types, pointing at the item", () => {
    expect(parseTargets([])).toMatchObject({ ok: false, expected: "at least one machine" });
    expect(parseTargets(["m1", "bad id"])).toMatchObject({ ok: false, at: [1] });
    expect(parseTargets("m1,,m2")).toMatchObject({ ok: false });
    expect(parseTargets(3)).toMatchObject({ ok: false });
  });
});

describe("parsePartition", () => {
  it.each([
    ["m1 | m2,m3", { groups: [["m1"], ["m2", "m3"]] }],
    ["m1|m2", { groups: [["m1"], ["m2"]] }],
    ["m1,m2", { groups: [["m1", "m2"]] }],
    [[["m1"], ["m2", "m3"]], { groups: [["m1"], ["m2", "m3"]] }],
    [["m1", "m2"], { groups: [["m1", "m2"]] }],
    ["ring", { ring: true }],
    ["one", { targets: { rule: "one" } }],
    ["majority", { targets: { rule: "majority" } }],
  ])("%j", (value, shape) => {
    expect(parsePartition(value)).toEqual({ ok: true, value: shape });
  });

  it("refuses empty groups and mixed lists, pointing at the group", () => {
    expect(parsePartition("m1 | ")).toMatchObject({ ok: false });
    expect(parsePartition([])).toMatchObject({ ok: false });
    expect(parsePartition([["m1"], []])).toMatchObject({
      ok: false,
      at: [1],
      expected: "at least one machine",
    });
    expect(parsePartition([["m1"], "m2"])).toMatchObject({ ok: false, at: [1] });
    expect(parsePartition([["m1"], ["m2", 3]])).toMatchObject({ ok: false, at: [1, 1] });
  });
});

describe("parseLinks", () => {
  it("reads one-way and both-way links, from text or a list", () => {
    expect(parseLinks("m1>m2")).toEqual({ ok: true, value: [{ from: "m1", to: "m2" }] });
    expect(parseLinks("m1<>m2")).toEqual({
      ok: true,
      value: [
        { from: "m1", to: "m2" },
        { from: "m2", to: "m1" },
      ],
    });
    expect(parseLinks(["m1>m2", "m3 > m1"])).toEqual({
      ok: true,
      value: [
        { from: "m1", to: "m2" },
        { from: "m3", to: "m1" },
      ],
    });
    expect(parseLinks("m1>m2,m2>m3")).toMatchObject({ ok: true });
  });

  it("refuses what is not a link, pointing at the item", () => {
    expect(parseLinks("m1-m2")).toMatchObject({ ok: false });
    expect(parseLinks(["m1>m2", "m2"])).toMatchObject({ ok: false, at: [1] });
    expect(parseLinks([])).toMatchObject({ ok: false });
    expect(parseLinks("m1>m2>m3")).toMatchObject({ ok: false });
  });
});
