import { describe, expect, it } from "vitest";
import { CLIENT_FRAMES, SERVER_FRAMES } from "./frames.ts";
import { frameJsonSchema, JSON_SCHEMA_DIALECT, protocolSchemas, valueSchema } from "./jsonSchema.ts";

describe("frameJsonSchema", () => {
  it("names the dialect, requires the frame's type as a constant, and lists the required fields", () => {
    const hello = frameJsonSchema(CLIENT_FRAMES.find((spec) => spec.type === "hello")!, "machine to router");
    expect(hello.$schema).toBe(JSON_SCHEMA_DIALECT);
    expect(hello.required).toEqual(["type", "protocol", "id"]);
    expect((hello.properties as Record<string, { const?: string }>).type?.const).toBe("hello");
  });

  it("merges a single cross-field rule into the frame and puts several under allOf", () => {
    const send = frameJsonSchema(CLIENT_FRAMES.find((spec) => spec.type === "send")!, "machine to router");
    expect(send.oneOf).toHaveLength(2);
    const start = frameJsonSchema(SERVER_FRAMES.find((spec) => spec.type === "start")!, "router to machine");
    // Its rule has `properties` of its own, which must not replace the frame's.
    expect(start.allOf).toHaveLength(1);
    expect(Object.keys(start.properties as object)).toContain("t0");
  });

  it("maps bounds as the validator reads them: `above` is exclusive, whole numbers stay safe", () => {
    expect(valueSchema({ kind: "number", above: 0, min: 5, max: 9 })).toEqual({
      type: "number",
      exclusiveMinimum: 0,
      maximum: 9,
    });
    expect(valueSchema({ kind: "uint" })).toEqual({ type: "integer", minimum: 0, maximum: 2 ** 53 - 1 });
    expect(valueSchema({ kind: "objectList", fields: [] })).toMatchObject({ maxItems: 10_000 });
  });

  it("refuses a pattern with flags, which JSON Schema cannot carry", () => {
    expect(() => valueSchema({ kind: "string", maxChars: 3, pattern: /a/i })).toThrow(/flags/);
  });

  it("gives every frame its own file name", () => {
    const names = protocolSchemas().map((file) => file.fileName);
    expect(new Set(names).size).toBe(CLIENT_FRAMES.length + SERVER_FRAMES.length);
  });
});
