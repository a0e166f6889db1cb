// Durations, probabilities and drift as users write them, in the units the fault model wants.
import { describe, expect, it } from "vitest";
import {
  durationMilliseconds,
  durationSeconds,
  partsPerMillion,
  probability,
  probabilityNumber,
  signedMilliseconds,
} from "./parseUnits.ts";

describe("durations", () => {
  it.each([
    [10, 10],
    [2.5, 2.5],
    ["10", 10],
    ["10s", 10],
    ["10 s", 10],
    ["500ms", 0.5],
    ["2m", 120],
    ["1.5m", 90],
    [".5s", 0.5],
    ["0", 0],
    ["1e1s", 10],
  ])("%j is %j seconds", (value, seconds) => {
    expect(durationSeconds(value)).toBe(seconds);
  });

  it("moves the decimal point instead of multiplying floats", () => {
    expect(durationMilliseconds("1.1s")).toBe(1100);
    expect(durationMilliseconds(0.3)).toBe(300);
    expect(durationSeconds("0.3ms")).toBe(0.0003);
    expect(durationMilliseconds("20ms")).toBe(20);
  });

  it.each([
    ["-5s"],
    [-1],
    ["10x"],
    ["s"],
    ["10 seconds"],
    [""],
    [null],
    [true],
    [Number.NaN],
    [Infinity],
    [[10]],
  ])("refuses %j", (value) => {
    expect(durationSeconds(value)).toBeNull();
  });

  it("takes a sign where a clock steps back", () => {
    expect(signedMilliseconds("-5000ms")).toBe(-5000);
    expect(signedMilliseconds("+2s")).toBe(2000);
    expect(signedMilliseconds(-5)).toBe(-5000);
    expect(signedMilliseconds("back")).toBeNull();
  });
});

describe("probabilities", () => {
  it.each([
    [0.05, 0.05],
    ["5%", 0.05],
    ["0.5%", 0.005],
    ["100%", 1],
    [0, 0],
    [1, 1],
    ["0.3", 0.3],
  ])("%j is %j", (value, p) => {
    expect(probability(value)).toBe(p);
  });

  it("refuses what lies outside [0, 1] and what is not a number", () => {
    for (const value of [1.5, "150%", -0.1, "-1%", "5 percent", "half", null]) {
      expect(probability(value), String(value)).toBeNull();
    }
    expect(probabilityNumber("150%")).toBe(1.5);
  });
});

describe("drift", () => {
  it.each([
    ["+200ppm", 200],
    ["-50ppm", -50],
    [200, 200],
    ["12.5", 12.5],
  ])("%j is %j ppm", (value, ppm) => {
    expect(partsPerMillion(value)).toBe(ppm);
  });

  it("refuses other units", () => {
    expect(partsPerMillion("200ms")).toBeNull();
    expect(partsPerMillion("2%")).toBeNull();
  });
});
