// Distributions of seconds, latency models, loss models and clock waves as users write them.
import { describe, expect, it } from "vitest";
import {
  parseLatency,
  parseLoss,
  parseSecondsDistribution,
  parseWave,
  secondsBounds,
} from "./parseModels.ts";

describe("parseSecondsDistribution", () => {
  it.each([
    ["20s", { distribution: "constant", seconds: 20 }],
    [5, { distribution: "constant", seconds: 5 }],
    [{ constant: "2m" }, { distribution: "constant", seconds: 120 }],
    [{ exponential: "20s" }, { distribution: "exponential", meanS: 20 }],
    [{ uniform: ["2s", "5s"] }, { distribution: "uniform", minS: 2, maxS: 5 }],
  ])("%j", (value, distribution) => {
    expect(parseSecondsDistribution(value)).toEqual({ ok: true, value: distribution });
  });

  it("names what is wrong and where", () => {
    expect(parseSecondsDistribution({ uniform: ["5s", "2s"] })).toMatchObject({
      ok: false,
      at: ["uniform"],
      expected: expect.stringContaining("min at most max"),
    });
    expect(parseSecondsDistribution({ uniform: ["5s"] })).toMatchObject({ ok: false, at: ["uniform"] });
    expect(parseSecondsDistribution({ uniform: ["2s", "x"] })).toMatchObject({
      ok: false,
      at: ["uniform", 1],
    });
    expect(parseSecondsDistribution({ exponental: "2s" })).toMatchObject({
      ok: false,
      expected: expect.stringContaining("did you mean exponential?"),
    });
    expect(parseSecondsDistribution({ lognormal: "2s", sigma: 1 })).toMatchObject({ ok: false });
    expect(parseSecondsDistribution({ exponential: "2s", mean: 1 })).toMatchObject({
      ok: false,
      at: ["mean"],
    });
  });

  it("knows the bounds of what it can draw", () => {
    expect(secondsBounds({ distribution: "uniform", minS: 2, maxS: 5 })).toEqual({ minS: 2, maxS: 5 });
    expect(secondsBounds({ distribution: "exponential", meanS: 5 })).toEqual({ minS: 0, maxS: Infinity });
  });
});

describe("parseLatency", () => {
  it.each([
    ["20ms", { distribution: "constant", meanMs: 20 }],
    [0.02, { distribution: "constant", meanMs: 20 }],
    [{ exponential: "20ms" }, { distribution: "exponential", meanMs: 20 }],
    [{ uniform: ["5ms", "50ms"] }, { distribution: "uniform", minMs: 5, maxMs: 50 }],
    [
      { lognormal: "20ms", sigma: 0.5 },
      { distribution: "lognormal", medianMs: 20, sigma: 0.5 },
    ],
    [
      { pareto: "10ms", alpha: 1.5 },
      { distribution: "pareto", scaleMs: 10, alpha: 1.5 },
    ],
  ])("%j", (value, model) => {
    expect(parseLatency(value)).toEqual({ ok: true, value: model });
  });

  it("wants sigma for a lognormal and alpha for a pareto, above 0", () => {
    expect(parseLatency({ lognormal: "20ms" })).toMatchObject({ ok: false, at: ["sigma"] });
    expect(parseLatency({ pareto: "20ms", alpha: 0 })).toMatchObject({ ok: false, at: ["alpha"] });
    expect(parseLatency({ normal: "20ms" })).toMatchObject({ ok: false });
    expect(parseLatency("-5ms")).toMatchObject({ ok: false });
  });
});

describe("parseLoss", () => {
  it("reads Bernoulli and bursty loss", () => {
    expect(parseLoss("5%")).toEqual({ ok: true, value: { model: "bernoulli", probability: 0.05 } });
    expect(parseLoss({ bursty: { toBad: 0.01, toGood: "30%", lossWhenBad: 0.8 } })).toEqual({
      ok: true,
      value: { model: "bursty", toBad: 0.01, toGood: 0.3, lossWhenBad: 0.8, lossWhenGood: 0 },
    });
  });

  it("names the probability that is wrong, and a mistyped key", () => {
    expect(parseLoss(1.5)).toMatchObject({ ok: false, at: [] });
    expect(parseLoss({ bursty: { toBad: 0.01, toGood: 2, lossWhenBad: 0.8 } })).toMatchObject({
      ok: false,
      at: ["bursty", "toGood"],
    });
    expect(parseLoss({ bursty: { toBad: 0.01, toGod: 0.3, lossWhenBad: 0.8 } })).toMatchObject({
      ok: false,
      at: ["bursty", "toGod"],
      expected: expect.stringContaining("did you mean toGood?"),
    });
    expect(parseLoss({ bursty: { toBad: 0.01 } })).toMatchObject({ ok: false, at: ["bursty", "toGood"] });
    expect(parseLoss({ gilbert: {} })).toMatchObject({ ok: false, at: ["gilbert"] });
  });
});

describe("parseWave", () => {
  it("reads amplitude and period", () => {
    expect(parseWave({ amplitude: "50ms", period: "200ms" })).toEqual({
      ok: true,
      value: { amplitudeMs: 50, periodMs: 200 },
    });
    expect(parseWave({ amplitude: "50ms", period: 0 })).toMatchObject({ ok: false, at: ["period"] });
    expect(parseWave({ amplitude: "50ms", every: "1s" })).toMatchObject({ ok: false, at: ["every"] });
    expect(parseWave("50ms")).toMatchObject({ ok: false });
  });
});
