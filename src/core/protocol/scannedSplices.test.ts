// The routed line and the deliver frame spliced from a scanned send frame are byte for byte what
// the line tables and the deliver frame's encoder write from the validated frame (the general
// path), for any valid frame the scanner accepts, any sender, destination and routing time.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { deliverFrameJson } from "../logFormat/deliverFrame.ts";
import { byteTarget } from "../logFormat/jsonBytes.ts";
import { routerLogJson } from "../logFormat/routerLine.ts";
import { deliverFrame, parseClientFrame, type SendFrame } from "../protocol.ts";
import { ScannedSplices } from "./scannedSplices.ts";
import { SendScanner } from "./sendScanner.ts";

const KINDS = ["SEND_FIRST", "SEND_SECOND", "BROADCAST", "DIRECT"] as const;
const goodId = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/);
const sendFrameArb = fc
  .record({
    kind: fc.constantFrom(...KINDS),
    id: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,20}:[0-9]{1,12}$/),
    lamport: fc.oneof(fc.nat(), fc.maxSafeNat()),
    hlc: fc.record({ wall: fc.nat(), logical: fc.nat() }),
    sentAt: fc.oneof(fc.double({ min: -2e12, max: 2e12, noNaN: true }), fc.nat()),
    to: goodId,
    vector: fc.option(fc.dictionary(goodId, fc.nat(), { maxKeys: 5 }), { nil: undefined }),
    payload: fc.option(fc.oneof(fc.stringMatching(/^[ !#-[\]-~]{0,40}$/), fc.string({ maxLength: 60 })), {
      nil: undefined,
    }),
  })
  .map(({ to, vector, payload, ...rest }) => {
    const frame: Record<string, unknown> = { type: "send", ...rest };
    if (rest.kind === "DIRECT") frame.to = to;
    if (vector !== undefined) frame.vector = vector;
    if (payload !== undefined) frame.payload = payload;
    return frame;
  });
const routedAt = fc.oneof(
  fc.double({ min: 1e12, max: 2e12, noNaN: true }),
  fc.constantFrom(1764180612345.125, 1764180612345, 0.5),
);

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const scanner = new SendScanner();
const splices = new ScannedSplices(scanner);
const target = byteTarget(new Uint8Array(64 * 1024));

/** The routed line and the deliver frame spliced from `bytes` against the general path's; false if not scanned. */
function checkSplices(bytes: Uint8Array, from: string, to: string, atMs: number): boolean {
  if (!scanner.scan(bytes)) return false;
  const frame = parseClientFrame(JSON.parse(decoder.decode(bytes))) as SendFrame;
  splices.prepare(from, atMs);
  const lineEnd = splices.routedLine(to, target, 0);
  const line = decoder.decode(target.bytes.subarray(0, lineEnd));
  const entry = {
    type: "routed",
    at: atMs,
    id: frame.id,
    from,
    to,
    kind: frame.kind,
    lamport: frame.lamport,
  };
  expect(line).toBe(`${routerLogJson(entry as Parameters<typeof routerLogJson>[0])}\n`);
  const frameEnd = splices.deliverFrame(target, 0);
  const deliver = decoder.decode(target.bytes.subarray(0, frameEnd));
  expect(deliver).toBe(deliverFrameJson(deliverFrame(from, frame, atMs)));
  return true;
}

describe("ScannedSplices", () => {
  it("writes the routed line and the deliver frame the general path writes", () => {
    let scanned = 0;
    fc.assert(
      fc.property(sendFrameArb, goodId, goodId, routedAt, (value, from, to, atMs) => {
        if (checkSplices(encoder.encode(JSON.stringify(value)), from, to, atMs)) scanned++;
      }),
      { numRuns: 2000 },
    );
    // Most generated frames are in the scanner's form: the property is not vacuous.
    expect(scanned).toBeGreaterThan(500);
  });

  it("writes the same whatever order the sender's keys came in (fields copied with their keys, runs in one copy)", () => {
    let scanned = 0;
    const shuffled = sendFrameArb.chain((value) =>
      fc.shuffledSubarray(Object.entries(value), { minLength: Object.keys(value).length }),
    );
    fc.assert(
      fc.property(shuffled, goodId, goodId, routedAt, (entries, from, to, atMs) => {
        const text = `{${entries.map(([key, v]) => `${JSON.stringify(key)}:${JSON.stringify(v)}`).join(",")}}`;
        if (checkSplices(encoder.encode(text), from, to, atMs)) scanned++;
      }),
      { numRuns: 2000 },
    );
    expect(scanned).toBeGreaterThan(500);
  });
});
