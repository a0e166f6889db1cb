// Which machines and links a fault hits, as users write them in a `faults:` entry or a --fault:
// ids ("m2", "m1,m2", [m1, m2]), a rule drawn from the seed (one, majority, minority-third, all),
// a partition's groups ("m1 | m2,m3", [[m1], [m2, m3]]) or ring, and directed links ("m1>m2",
// "m1<>m2" for both ways). Only the form is checked here; whether the ids are the run's machines
// is checked where the run's ids are known (parseEntries.ts).
import type { MachineId } from "../types.ts";
import { type Parsed, parsed, wrong } from "./parsed.ts";
import type { Link, TargetRule } from "./spec.ts";

/** The form of a machine id (the same as the config's machine.clocks keys). */
export const MACHINE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export const TARGET_RULES = ["one", "majority", "minority-third", "all"] as const;
export type TargetRuleName = (typeof TARGET_RULES)[number];

export const TARGETS_EXPECTED = `machine ids (m2, or m1,m2, or a list [m1, m2]) or a rule: ${TARGET_RULES.join(", ")}`;
export const PARTITION_EXPECTED =
  "groups (m1 | m2,m3, or a list of lists [[m1], [m2, m3]]), one group (m1,m2: the rest form the other), " +
  "a rule (one, majority, minority-third) or ring";
export const LINKS_EXPECTED = "links such as m1>m2 (one way) or m1<>m2 (both ways), or a list of them";

const isRule = (word: string): word is TargetRuleName => (TARGET_RULES as readonly string[]).includes(word);

/** "m1, m2" -> ["m1", "m2"]; null when an item is not an id. */
function idList(text: string): MachineId[] | null {
  const ids = text.split(",").map((id) => id.trim());
  return ids.every((id) => MACHINE_ID_PATTERN.test(id)) ? ids : null;
}

/** Items of a YAML list that must all be ids; the index of the first that is not. */
function idItems(items: readonly unknown[]): Parsed<MachineId[]> {
  const bad = items.findIndex((item) => typeof item !== "string" || !MACHINE_ID_PATTERN.test(item));
  if (bad >= 0) return wrong(`a machine id (letters, digits, _ . -, up to 64)`, [bad]);
  return items.length === 0 ? wrong("at least one machine") : parsed(items as MachineId[]);
}

/** The machines of a clock, pause or crash fault. */
export function parseTargets(value: unknown): Parsed<TargetRule> {
  if (typeof value === "string") {
    const text = value.trim();
    if (isRule(text)) return parsed({ rule: text });
    const ids = idList(text);
    return ids === null ? wrong(TARGETS_EXPECTED) : parsed({ ids });
  }
  if (Array.isArray(value)) {
    const ids = idItems(value);
    return ids.ok ? parsed({ ids: ids.value }) : ids;
  }
  return wrong(TARGETS_EXPECTED);
}

/** A partition as spec.ts's fields: groups, or a drawn group (targets), or a ring. */
export interface PartitionShape {
  groups?: MachineId[][];
  targets?: TargetRule;
  ring?: boolean;
}

function groupsFromText(text: string): Parsed<MachineId[][]> {
  const groups: MachineId[][] = [];
  for (const [index, part] of text.split("|").entries()) {
    const ids = idList(part);
    if (ids === null) return wrong(`machine ids in every group (group ${index + 1} is "${part.trim()}")`);
    groups.push(ids);
  }
  return parsed(groups);
}

/** The groups of a partition, a drawn group, or a ring. */
export function parsePartition(value: unknown): Parsed<PartitionShape> {
  if (typeof value === "string") {
    const text = value.trim();
    if (text === "ring") return parsed({ ring: true });
    if (isRule(text)) return parsed({ targets: { rule: text } });
    const groups = groupsFromText(text);
    return groups.ok ? parsed({ groups: groups.value }) : wrong(PARTITION_EXPECTED);
  }
  if (!Array.isArray(value) || value.length === 0) return wrong(PARTITION_EXPECTED);
  if (value.every((item) => typeof item === "string")) {
    const group = idItems(value);
    return group.ok ? parsed({ groups: [group.value] }) : group;
  }
  const groups: MachineId[][] = [];
  for (const [index, item] of value.entries()) {
    if (!Array.isArray(item)) return wrong("a group: a list of machine ids, e.g. [m2, m3]", [index]);
    const group = idItems(item);
    if (!group.ok) return wrong(group.expected, [index, ...group.at]);
    groups.push(group.value);
  }
  return parsed({ groups });
}

/** "m1>m2" -> one link; "m1<>m2" -> both directions; null if it is neither. */
function linksOf(text: string): Link[] | null {
  const both = /^([^<>\s]+)\s*<>\s*([^<>\s]+)$/.exec(text.trim());
  const oneWay = /^([^<>\s]+)\s*>\s*([^<>\s]+)$/.exec(text.trim());
  const match = both ?? oneWay;
  if (match === null) return null;
  const [, from = "", to = ""] = match;
  if (!MACHINE_ID_PATTERN.test(from) || !MACHINE_ID_PATTERN.test(to)) return null;
  return both !== null
    ? [
        { from, to },
        { from: to, to: from },
      ]
    : [{ from, to }];
}

/** Directed links, from text ("m1>m2,m2>m1") or a list of such texts. */
export function parseLinks(value: unknown): Parsed<Link[]> {
  const items = typeof value === "string" ? value.split(",") : Array.isArray(value) ? value : null;
  if (items === null || items.length === 0) return wrong(LINKS_EXPECTED);
  const links: Link[] = [];
  for (const [index, item] of items.entries()) {
    const found = typeof item === "string" ? linksOf(item) : null;
    if (found === null) return wrong(LINKS_EXPECTED, Array.isArray(value) ? [index] : []);
    links.push(...found);
  }
  return parsed(links);
}
