// ShiViz's log parser rules, written again for tests, so an exported file is checked the way ShiViz
// (https://github.com/DistributedClocks/shiviz: js/model/parser.js, vectorTimestamp.js,
// modelGraph.js) will check it. An uploaded file is: the parsing regex on line 1, the execution
// delimiter on line 2 (empty: one execution), then the log. ShiViz then refuses a log when:
// - the regex lacks the named groups event, host and clock, or captures no event;
// - a clock is not valid JSON, or lacks an entry for its own host;
// - (entries of 0 are dropped) a host's own entries, sorted, are not exactly 1, 2, 3, ...;
// - walking a host's events in order, an entry for another host that grew names a host with no
//   events ("unrecognized host") or a value outside 1..that host's event count ("invalid clock
//   value").
// Beyond ShiViz, for clocklab's own export: every entry is a whole number, and a RECEIVE's clock
// is at least its SEND's (found by `message=<id>` in the event text).

export type Clock = Record<string, number>;

export interface ShivizEvent {
  event: string;
  host: string;
  clock: Clock;
  /** 1-based line of the event text in the file. */
  line: number;
}

export interface ShivizCheck {
  events: ShivizEvent[];
  /** ShiViz's reasons to refuse the file (empty: it accepts it). */
  errors: string[];
}

function parse(text: string, errors: string[]): ShivizEvent[] {
  const [regexLine = "", delimiter = "", ...rest] = text.split("\n");
  if (delimiter.trim() !== "") errors.push(`line 2: expected an empty execution delimiter, got ${delimiter}`);
  let regex: RegExp;
  try {
    regex = new RegExp(regexLine, "gm");
  } catch (error) {
    errors.push(`line 1: not a regular expression (${String(error)})`);
    return [];
  }
  for (const name of ["event", "host", "clock"]) {
    if (!regexLine.includes(`(?<${name}>`)) errors.push(`line 1: the regex has no named group "${name}"`);
  }
  const logText = rest.join("\n");
  const log = logText.trim();
  const firstLine = 3 + (logText.slice(0, logText.indexOf(log)).match(/\n/g)?.length ?? 0);
  const events: ShivizEvent[] = [];
  for (const match of log.matchAll(regex)) {
    const line = firstLine + (log.slice(0, match.index).match(/\n/g)?.length ?? 0);
    const { event = "", host = "", clock: clockText = "" } = match.groups ?? {};
    let clock: unknown;
    try {
      clock = JSON.parse(clockText);
    } catch {
      errors.push(`line ${line + 1}: the vector timestamp is not valid JSON: ${clockText}`);
      continue;
    }
    if (typeof clock !== "object" || clock === null || !Object.hasOwn(clock, host)) {
      errors.push(`line ${line + 1}: local host "${host}" is missing from timestamp ${clockText}`);
      continue;
    }
    const entries = Object.entries(clock as Record<string, unknown>).filter(([, value]) => value !== 0);
    for (const [key, value] of entries) {
      if (!Number.isInteger(value))
        errors.push(`line ${line + 1}: entry ${key} is not a whole number: ${value}`);
    }
    events.push({ event, host, clock: Object.fromEntries(entries) as Clock, line });
  }
  if (events.length === 0 && errors.length === 0) errors.push("the regex captures no event");
  return events;
}

function checkHosts(events: ShivizEvent[], errors: string[]): void {
  const byHost = new Map<string, ShivizEvent[]>();
  for (const e of events) byHost.set(e.host, [...(byHost.get(e.host) ?? []), e]);
  for (const [host, own] of byHost) {
    own.sort((a, b) => (a.clock[host] ?? 0) - (b.clock[host] ?? 0));
    own.forEach((e, i) => {
      if (e.clock[host] !== i + 1) {
        errors.push(
          i === 0
            ? `line ${e.line}: clock values for host "${host}" must start at 1, not ${e.clock[host]}`
            : `line ${e.line}: the clock of host "${host}" goes from ${own[i - 1]!.clock[host]} to ${e.clock[host]}`,
        );
      }
    });
  }
  for (const [host, own] of byHost) {
    const latest: Clock = {};
    for (const e of own) {
      latest[host] = e.clock[host]!;
      for (const [other, time] of Object.entries(e.clock)) {
        const seen = latest[other];
        if (seen !== undefined && seen >= time) continue;
        latest[other] = time;
        const count = byHost.get(other)?.length;
        if (count === undefined) {
          errors.push(`line ${e.line}: the vector clock has an entry for an unrecognized host "${other}"`);
        } else if (time < 1 || time > count) {
          errors.push(
            `line ${e.line}: the vector clock has an invalid clock value ${time} for host "${other}"`,
          );
        }
      }
    }
  }
}

function checkMessages(events: ShivizEvent[], errors: string[]): void {
  const sent = new Map<string, Clock>();
  for (const e of events) {
    const id = /message=(\S+)/.exec(e.event)?.[1];
    if (id === undefined) continue;
    if (e.event.startsWith("SEND")) sent.set(id, e.clock);
    const send = e.event.startsWith("RECEIVE") ? sent.get(id) : undefined;
    for (const [key, value] of Object.entries(send ?? {})) {
      if ((e.clock[key] ?? 0) < value) {
        errors.push(
          `line ${e.line}: the receive of ${id} has ${key}=${e.clock[key] ?? 0}, below its send's ${value}`,
        );
      }
    }
  }
}

/** Parses an exported ShiViz file and lists every reason ShiViz (or causality) would refuse it. */
export function checkShivizFile(text: string): ShivizCheck {
  const errors: string[] = [];
  const events = parse(text, errors);
  checkHosts(events, errors);
  checkMessages(events, errors);
  return { events, errors };
}
