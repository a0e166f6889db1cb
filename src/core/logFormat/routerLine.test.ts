// Each router line type's codecs against JSON.stringify and JSON.parse, on any line its table
// describes, and the dispatch by `type` that picks the table.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lineCodecContract } from "../../../test/helpers/lineCodecContract.ts";
import { lineOf } from "../../../test/helpers/logFormatArbitrary.ts";
import type { RouterLogEntry } from "../routerLog.ts";
import { byteTarget } from "./jsonBytes.ts";
import {
  decodeRouterLine,
  encodeRouterEntry,
  readRouterLine,
  routerEntryBound,
  routerLinePrefix,
  routerLogJson,
} from "./routerLine.ts";
import { ROUTER_LINES } from "./routerLineFormats.ts";

for (const type of Object.keys(ROUTER_LINES) as Array<keyof typeof ROUTER_LINES>) {
  describe(`router line "${type}"`, () => {
    lineCodecContract(
      ROUTER_LINES[type],
      {
        json: (entry) => routerLogJson(entry as RouterLogEntry),
        bytes: {
          encode: (entry, target, start) => encodeRouterEntry(entry as RouterLogEntry, target, start),
          bound: (entry) => routerEntryBound(entry as RouterLogEntry),
        },
        decode: decodeRouterLine,
      },
      type === "routed" || type === "dropped" ? 2000 : 300,
    );

    it(`starts with ${routerLinePrefix(type)}`, () => {
      fc.assert(
        fc.property(lineOf(ROUTER_LINES[type]), (entry) => {
          expect(routerLogJson(entry as RouterLogEntry).startsWith(routerLinePrefix(type))).toBe(true);
        }),
        { numRuns: 50 },
      );
    });
  });
}

describe("readRouterLine", () => {
  const dropped: RouterLogEntry = {
    type: "dropped",
    at: 12.5,
    id: "m1:4",
    from: "m1",
    to: null,
    kind: "DIRECT",
    lamport: 9,
    reason: "unknown-destination",
  };

  it("reads another key order through JSON.parse and the table of the line's type", () => {
    const { type, ...rest } = dropped;
    const foreign = JSON.stringify({ ...rest, type });
    expect(decodeRouterLine(foreign)).toBeNull();
    expect(readRouterLine(foreign)).toEqual(dropped);
  });

  it("refuses unknown types and lines that do not fit their type's table", () => {
    expect(readRouterLine('{"type":"napped","at":1}')).toBeNull();
    expect(readRouterLine(JSON.stringify({ ...dropped, lamport: "nine" }))).toBeNull();
    expect(readRouterLine('{"type":"__proto__"}')).toBeNull();
    expect(readRouterLine("null")).toBeNull();
  });

  it("writes a routed line straight into bytes, as the simulator does by the million", () => {
    const target = byteTarget(new Uint8Array(256));
    const routed: RouterLogEntry = {
      type: "routed",
      at: 1.25,
      id: "m2:7",
      from: "m2",
      to: "m1",
      kind: "SEND_FIRST",
      lamport: 14,
    };
    const end = encodeRouterEntry(routed, target, 0);
    expect(new TextDecoder().decode(target.bytes.subarray(0, end))).toBe(`${JSON.stringify(routed)}\n`);
  });
});
