// The --fault shorthand: each example of the docs read into its `faults:` entry, and each mistake
// named with the --fault text, the word that was wrong and what was expected.
import { describe, expect, it } from "vitest";
import { parseFaultShorthand } from "./parseShorthand.ts";

function spec(text: string) {
  const result = parseFaultShorthand(text);
  if (!result.ok) throw new Error(result.message);
  return result.spec;
}

function mistake(text: string) {
  const result = parseFaultShorthand(text);
  if (result.ok) throw new Error(`expected ${text} to be refused`);
  return result;
}

describe("parseFaultShorthand reads", () => {
  it.each([
    ["partition m1 | m2,m3 at 10s for 15s", { partition: [["m1"], ["m2", "m3"]], at: "10s", for: "15s" }],
    ["partition m1|m2, m3 hold at 10s", { partition: [["m1"], ["m2", "m3"]], mode: "hold", at: "10s" }],
    ["partition m1 one-way drop", { partition: [["m1"]], oneWay: true, mode: "drop" }],
    ["partition one every 20s for 5s", { partition: "one", every: "20s", for: "5s" }],
    ["partition ring at 5 for 5", { partition: "ring", at: 5, for: 5 }],
    ["clock m2 step -5000ms at 20s", { clock: "m2", step: "-5000ms", at: "20s" }],
    ["clock m1 drift +200ppm at 10s", { clock: "m1", drift: "+200ppm", at: "10s" }],
    [
      "clock m3 strobe 50ms every 200ms at 5s for 10s",
      { clock: "m3", strobe: { amplitude: "50ms", period: "200ms" }, at: "5s", for: "10s" },
    ],
    [
      "clock m1,m2 periodic 20ms every 10s",
      { clock: ["m1", "m2"], periodic: { amplitude: "20ms", period: "10s" } },
    ],
    ["pause m3 at 30s for 5s", { pause: "m3", at: "30s", for: "5s" }],
    ["loss 5%", { loss: "5%" }],
    ["loss 0.05 m1<>m2", { loss: 0.05, links: "m1<>m2" }],
    ["loss bursty 1% 30% 80%", { loss: { bursty: { toBad: "1%", toGood: "30%", lossWhenBad: "80%" } } }],
    [
      "loss bursty 1% 30% 80% 1% at 5s",
      { loss: { bursty: { toBad: "1%", toGood: "30%", lossWhenBad: "80%", lossWhenGood: "1%" } }, at: "5s" },
    ],
    ["latency 20ms", { latency: "20ms" }],
    ["latency exponential 20ms", { latency: { exponential: "20ms" } }],
    [
      "latency uniform 5ms 50ms m1>m2,m2>m1",
      { latency: { uniform: ["5ms", "50ms"] }, links: ["m1>m2", "m2>m1"] },
    ],
    ["latency lognormal 20ms 0.5", { latency: { lognormal: "20ms", sigma: 0.5 } }],
    ["latency pareto 10ms 1.5", { latency: { pareto: "10ms", alpha: 1.5 } }],
    ["duplicate 1% m1>m2", { duplicate: "1%", links: "m1>m2" }],
    ["reorder 10% 50ms", { reorder: "10%", maxDelay: "50ms" }],
    ["slow m1>m2 200ms", { slow: "200ms", links: "m1>m2" }],
    ["slow m1 > m2 200ms for 5s", { slow: "200ms", links: "m1>m2", for: "5s" }],
    ["crash m2 at 10s for 5s restart zero", { crash: "m2", at: "10s", for: "5s", restart: "zero" }],
    [
      "crash one every exponential 20s for uniform 2s 5s from 5s until 50s",
      {
        crash: "one",
        every: { exponential: "20s" },
        for: { uniform: ["2s", "5s"] },
        from: "5s",
        until: "50s",
      },
    ],
  ])("%s", (text, expected) => {
    expect(spec(text)).toEqual(expected);
  });
});

describe("parseFaultShorthand names the mistake", () => {
  it("an unknown kind, with the nearest", () => {
    expect(mistake("partiton m1 | m2").message).toBe(
      "--fault 'partiton m1 | m2': \"partiton\": expected a kind of fault: one of partition, latency, loss, " +
        "duplicate, reorder, slow, clock, pause, crash; did you mean partition?",
    );
    expect(mistake("nemesis").message).not.toContain("did you mean");
  });

  it.each([
    ["", null, "a fault, e.g."],
    ["pause m3 at soon", "soon", "a duration"],
    ["pause m3 at", null, "a duration"],
    ["pause", null, "machine ids"],
    ["pause m3 at 5s at 6s", "at", "at only once"],
    ["pause m3 hold", "hold", "one of at <time>, every <time>"],
    ["loss 5% sometimes", "sometimes", "one of links such as m1>m2, at <time>"],
    ["loss 150%", "150%", "a probability from 0 to 1"],
    ["loss bursty 1% 30%", null, "a probability"],
    ["loss 5% m1-m2", "m1-m2", "one of links such as m1>m2"],
    ["loss 5% m1>m2>m3", "m1>m2>m3", "links such as m1>m2"],
    ["clock m2 jump 5s", "jump", "step, drift, strobe or periodic"],
    ["clock m2 step soon", "soon", "a duration with a sign"],
    ["clock m2 drift 20ms", "20ms", "a drift in parts per million"],
    ["clock m3 strobe 50ms at 5s", "at", "every, then the period"],
    ["clock m3 strobe 50ms every", null, "the period"],
    ["latency lognormal 20ms", null, "sigma, a number above 0"],
    ["latency pareto 10ms -1", "-1", "alpha, a number above 0"],
    ["latency normal 20ms", "normal", "a duration, or constant 20ms, uniform 2s 5s"],
    ["reorder 10%", null, "a duration"],
    ["slow 200ms m1>m2", "200ms", "links such as m1>m2"],
    ["crash m2 restart later", "later", "log, zero or never"],
    ["partition at 5s", "at", "groups"],
    ["partition m1 | bad! at 5s", "m1 | bad!", "groups"],
    ["pause m3 every exponential", null, "the mean"],
    ["pause m3 for -5s", "-5s", "a duration"],
  ])("%j: the word %j, expected %s", (text, word, expected) => {
    const result = mistake(text);
    expect(result.word).toBe(word);
    expect(result.expected).toContain(expected);
    expect(result.message.startsWith(`--fault '${text}': `)).toBe(true);
    expect(result.message).toContain(word === null ? "missing a word" : `"${word}"`);
  });

  it("says what a word followed", () => {
    expect(mistake("pause m3 at soon").message).toBe(
      "--fault 'pause m3 at soon': \"soon\" after at: expected a duration: a number of seconds, or with a unit " +
        "such as 500ms, 10s, 2m",
    );
    expect(mistake("clock m2 jump 5s").message).toContain('"jump" after clock m2: expected');
    expect(mistake("pause m3 at").message).toContain("missing a word after at: expected a duration");
  });
});
