// Round trips, as properties over generated faults: a --fault text, read into its `faults:` entry,
// handed on as JSON (as the launcher does to child processes and run.json records it) and validated
// again, resolves to the FaultEntry it describes; and validating a config's faults twice, with JSON
// in between, changes nothing.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validateConfig } from "../config/validateConfig.ts";
import { machineIds } from "../plan.ts";
import { describeFault } from "./describeFault.ts";
import { faultEntries } from "./parseEntries.ts";
import { parseFaultShorthand } from "./parseShorthand.ts";
import type { FaultAction, FaultTiming, SecondsDistribution, TargetRule } from "./spec.ts";

const MACHINES = 5;
const IDS = machineIds(MACHINES);
const DURATION_S = 120;

/** A generated fault: its --fault text and the entry it must resolve to. */
interface Case {
  text: string;
  action: FaultAction;
  timing: FaultTiming;
}

/** A whole number of milliseconds written as ms, s, a bare number of seconds, or m. */
function durationText(ms: number): fc.Arbitrary<string> {
  const forms: Array<fc.Arbitrary<string>> = [
    fc.constant(`${ms}ms`),
    fc.constant(`${ms / 1000}s`),
    fc.constant(`${ms / 1000}`),
  ];
  if (ms % 60_000 === 0) forms.push(fc.constant(`${ms / 60_000}m`));
  return fc.oneof(...forms);
}

const duration = (minMs: number, maxMs: number) =>
  fc
    .integer({ min: minMs, max: maxMs })
    .chain((ms) => durationText(ms).map((text) => ({ ms, text, s: ms / 1000 })));

/** A probability in thousandths, as a fraction or a percentage. */
const probability = fc
  .integer({ min: 0, max: 1000 })
  .chain((permille) =>
    fc.constantFrom(`${permille / 1000}`, `${permille / 10}%`).map((text) => ({ text, p: permille / 1000 })),
  );

const links = fc
  .uniqueArray(
    fc
      .tuple(fc.constantFrom(...IDS), fc.constantFrom(...IDS))
      .filter(([from, to]) => from !== to)
      .map(([from, to]) => ({ from, to })),
    { minLength: 1, maxLength: 3, selector: (link) => `${link.from}>${link.to}` },
  )
  .map((list) => ({ text: list.map((l) => `${l.from}>${l.to}`).join(","), selection: { links: list } }));

const optionalLinks = fc.option(links, { nil: undefined });

const targets: fc.Arbitrary<{ text: string; rule: TargetRule }> = fc.oneof(
  fc.constantFrom("one", "majority", "minority-third", "all").map((rule) => ({ text: rule, rule: { rule } })),
  fc
    .uniqueArray(fc.constantFrom(...IDS), { minLength: 1, maxLength: 3 })
    .map((ids) => ({ text: ids.join(","), rule: { ids } })),
);

/** Machines split into 2 or 3 groups (the last may be left for "the rest"). */
const groups = fc.shuffledSubarray(IDS, { minLength: 2, maxLength: MACHINES }).chain((ids) =>
  fc.integer({ min: 1, max: Math.min(2, ids.length - 1) }).chain((cuts) =>
    fc
      .uniqueArray(fc.integer({ min: 1, max: ids.length - 1 }), { minLength: cuts, maxLength: cuts })
      .map((at) => {
        const bounds = [0, ...at.sort((a, b) => a - b), ids.length];
        return bounds.slice(1).map((end, i) => ids.slice(bounds[i], end));
      }),
  ),
);

const partition: fc.Arbitrary<Omit<Case, "timing">> = fc
  .tuple(
    fc.oneof(
      groups.map((g) => ({ text: g.map((group) => group.join(",")).join(" | "), shape: { groups: g } })),
      fc.constantFrom("one", "majority", "minority-third").map((rule) => ({
        text: rule,
        shape: { targets: { rule } as { rule: "one" | "majority" | "minority-third" } },
      })),
      fc.constant({ text: "ring", shape: { ring: true } }),
    ),
    fc.constantFrom(undefined, "hold", "drop"),
    fc.boolean(),
  )
  .filter(([kind, , oneWay]) => !(oneWay && "ring" in kind.shape))
  .map(([kind, mode, oneWay]) => ({
    text: `partition ${kind.text}${mode === undefined ? "" : ` ${mode}`}${oneWay ? " one-way" : ""}`,
    action: { kind: "partition", ...kind.shape, oneWay, mode: mode ?? "drop" } as FaultAction,
  }));

const latency: fc.Arbitrary<Omit<Case, "timing">> = fc
  .tuple(
    fc.oneof(
      duration(0, 5000).map((d) => ({ text: d.text, model: { distribution: "constant", meanMs: d.ms } })),
      duration(0, 5000).map((d) => ({
        text: `exponential ${d.text}`,
        model: { distribution: "exponential", meanMs: d.ms },
      })),
      fc.tuple(duration(0, 500), duration(500, 5000)).map(([a, b]) => ({
        text: `uniform ${a.text} ${b.text}`,
        model: { distribution: "uniform", minMs: a.ms, maxMs: b.ms },
      })),
      fc.tuple(duration(1, 500), fc.integer({ min: 1, max: 30 })).map(([d, tenths]) => ({
        text: `lognormal ${d.text} ${tenths / 10}`,
        model: { distribution: "lognormal", medianMs: d.ms, sigma: tenths / 10 },
      })),
      fc.tuple(duration(1, 500), fc.integer({ min: 1, max: 30 })).map(([d, tenths]) => ({
        text: `pareto ${d.text} ${tenths / 10}`,
        model: { distribution: "pareto", scaleMs: d.ms, alpha: tenths / 10 },
      })),
    ),
    optionalLinks,
  )
  .map(([model, on]) => ({
    text: `latency ${model.text}${on === undefined ? "" : ` ${on.text}`}`,
    action: { kind: "latency", latency: model.model, links: on?.selection ?? { all: true } } as FaultAction,
  }));

const network: fc.Arbitrary<Omit<Case, "timing">> = fc.oneof(
  fc.tuple(probability, optionalLinks).map(([p, on]) => ({
    text: `loss ${p.text}${on === undefined ? "" : ` ${on.text}`}`,
    action: {
      kind: "loss",
      loss: { model: "bernoulli", probability: p.p },
      links: on?.selection ?? { all: true },
    } as FaultAction,
  })),
  fc
    .tuple(probability, probability, probability, fc.option(probability, { nil: undefined }))
    .map(([a, b, c, d]) => ({
      text: `loss bursty ${a.text} ${b.text} ${c.text}${d === undefined ? "" : ` ${d.text}`}`,
      action: {
        kind: "loss",
        loss: { model: "bursty", toBad: a.p, toGood: b.p, lossWhenBad: c.p, lossWhenGood: d?.p ?? 0 },
        links: { all: true },
      } as FaultAction,
    })),
  fc.tuple(probability, optionalLinks).map(([p, on]) => ({
    text: `duplicate ${p.text}${on === undefined ? "" : ` ${on.text}`}`,
    action: { kind: "duplicate", probability: p.p, links: on?.selection ?? { all: true } } as FaultAction,
  })),
  fc.tuple(probability, duration(0, 2000), optionalLinks).map(([p, d, on]) => ({
    text: `reorder ${p.text} ${d.text}${on === undefined ? "" : ` ${on.text}`}`,
    action: {
      kind: "reorder",
      probability: p.p,
      maxDelayMs: d.ms,
      links: on?.selection ?? { all: true },
    } as FaultAction,
  })),
  fc.tuple(links, duration(0, 2000)).map(([on, d]) => ({
    text: `slow ${on.text} ${d.text}`,
    action: { kind: "slow-link", extraMs: d.ms, links: on.selection } as FaultAction,
  })),
);

const wave = fc.tuple(duration(0, 1000), duration(1, 10_000));

const machines: fc.Arbitrary<Omit<Case, "timing">> = fc.oneof(
  fc.tuple(targets, fc.integer({ min: -10_000, max: 10_000 })).map(([who, ms]) => ({
    text: `clock ${who.text} step ${ms > 0 ? "+" : ""}${ms}ms`,
    action: { kind: "clock", targets: who.rule, stepMs: ms } as FaultAction,
  })),
  fc
    .tuple(targets, fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.boolean())
    .map(([who, ppm, unit]) => ({
      text: `clock ${who.text} drift ${ppm}${unit ? "ppm" : ""}`,
      action: { kind: "clock", targets: who.rule, driftPpm: ppm } as FaultAction,
    })),
  fc.tuple(targets, fc.constantFrom("strobe", "periodic"), wave).map(([who, kind, [a, p]]) => ({
    text: `clock ${who.text} ${kind} ${a.text} every ${p.text}`,
    action: {
      kind: "clock",
      targets: who.rule,
      [kind]: { amplitudeMs: a.ms, periodMs: p.ms },
    } as FaultAction,
  })),
  targets.map((who) => ({
    text: `pause ${who.text}`,
    action: { kind: "pause", targets: who.rule } as FaultAction,
  })),
  fc.tuple(targets, fc.constantFrom(undefined, "log", "zero")).map(([who, restart]) => ({
    text: `crash ${who.text}${restart === undefined ? "" : ` restart ${restart}`}`,
    action: { kind: "crash", targets: who.rule, restart: restart ?? "log" } as FaultAction,
  })),
);

/** A drawn distribution of seconds, at least 1 ms on average. */
const distribution: fc.Arbitrary<{ text: string; value: SecondsDistribution }> = fc.oneof(
  duration(1, 30_000).map((d) => ({
    text: d.text,
    value: { distribution: "constant" as const, seconds: d.s },
  })),
  duration(1, 30_000).map((d) => ({
    text: `exponential ${d.text}`,
    value: { distribution: "exponential" as const, meanS: d.s },
  })),
  fc.tuple(duration(1, 5000), duration(5000, 30_000)).map(([a, b]) => ({
    text: `uniform ${a.text} ${b.text}`,
    value: { distribution: "uniform" as const, minS: a.s, maxS: b.s },
  })),
);

const timing: fc.Arbitrary<{ text: string; timing: FaultTiming }> = fc.oneof(
  fc
    .tuple(
      fc.option(duration(0, 60_000), { nil: undefined }),
      fc.option(duration(1, 60_000), { nil: undefined }),
    )
    .map(([at, length]) => ({
      text: `${at === undefined ? "" : ` at ${at.text}`}${length === undefined ? "" : ` for ${length.text}`}`,
      timing: { schedule: "once" as const, atS: at?.s ?? 0, forS: length?.s ?? null },
    })),
  fc
    .tuple(
      distribution,
      distribution,
      fc.option(duration(0, 50_000), { nil: undefined }),
      fc.option(duration(60_000, 120_000), { nil: undefined }),
    )
    .map(([every, length, from, until]) => ({
      text:
        ` every ${every.text} for ${length.text}` +
        `${from === undefined ? "" : ` from ${from.text}`}${until === undefined ? "" : ` until ${until.text}`}`,
      timing: {
        schedule: "every" as const,
        every: every.value,
        for: length.value,
        startS: from?.s ?? 0,
        untilS: until?.s ?? null,
      },
    })),
);

const fault: fc.Arbitrary<Case> = fc
  .tuple(fc.oneof(partition, latency, network, machines), timing)
  .map(([kind, when]) => ({ text: `${kind.text}${when.text}`, action: kind.action, timing: when.timing }));

/** The config's faults after validation, for a run of MACHINES machines lasting DURATION_S. */
function validated(faults: unknown) {
  const config = validateConfig(
    { run: { machines: MACHINES, durationS: DURATION_S }, faults },
    "round-trip.yaml",
  );
  return config.faults;
}

const throughJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe("round trips", () => {
  it("shorthand -> entry -> JSON -> validated -> FaultEntry is the fault the text describes", () => {
    fc.assert(
      fc.property(fault, (generated) => {
        const parsed = parseFaultShorthand(generated.text);
        if (!parsed.ok) throw new Error(parsed.message);
        const faults = validated(throughJson([parsed.spec]));
        const { entries, problems } = faultEntries(throughJson(faults), IDS, DURATION_S, "");
        expect(problems).toEqual([]);
        expect(entries).toEqual([
          { action: generated.action, timing: generated.timing, source: "faults[0]" },
        ]);
      }),
      { numRuns: 500, seed: 13 },
    );
  });

  it("a validated config's faults validate again, through JSON, unchanged", () => {
    fc.assert(
      fc.property(fc.array(fault, { maxLength: 4 }), (generated) => {
        // One partition at a time: keep the first.
        let seenPartition = false;
        const specs = generated.flatMap((g) => {
          if (g.action.kind === "partition") {
            if (seenPartition) return [];
            seenPartition = true;
          }
          const parsed = parseFaultShorthand(g.text);
          return parsed.ok ? [parsed.spec] : [];
        });
        const once = validated(specs);
        const twice = validated(throughJson(once));
        expect(twice).toEqual(once);
        expect(JSON.stringify(twice)).toBe(JSON.stringify(once));
      }),
      { numRuns: 200, seed: 14 },
    );
  });

  it("every entry describes itself in one line of words", () => {
    fc.assert(
      fc.property(fault, (generated) => {
        const words = describeFault(generated, IDS);
        expect(words).not.toMatch(/\n|undefined|NaN|\[object/);
        expect(words.length).toBeGreaterThan(10);
      }),
      { numRuns: 300, seed: 15 },
    );
  });
});
