// The line of facts above the diagram: the run, its status, events seen, whether vector clocks
// are on, the connection, and every reading problem (skipped lines by file, a last line still
// incomplete, router lines of unknown types, warnings) and the fault windows so far. Log strings
// go in as text only.
import type { FaultWindow, FeedStatus, RunMeta } from "../core/watch/protocol.ts";
import { clear, element } from "./dom.ts";
import { count, seconds } from "./format.ts";

const MAX_FAULTS_LISTED = 8;

export function renderStatus(
  container: HTMLElement,
  run: RunMeta | null,
  status: FeedStatus | null,
  machines: number,
  connection: string,
  originMs: number,
): void {
  clear(container);
  const facts: string[] = [];
  if (run !== null) {
    facts.push(run.name);
    if (run.mode !== null) facts.push(`mode ${run.mode}`);
    if (run.replaySpeed !== null) facts.push(`replay at ${run.replaySpeed}x`);
  }
  if (status !== null) {
    facts.push(`status ${status.runStatus ?? "unknown"}`);
    facts.push(`${count(machines)} machines`);
    facts.push(`${count(status.events)} events`);
    facts.push(status.vectorClocks ? "vector clocks on" : "no vector clocks");
  }
  facts.push(connection);
  container.append(element("div", { className: "facts", text: facts.join(" · ") }));
  if (status === null) return;
  const problems = element("div", { className: "problems" });
  const skipped = Object.entries(status.skippedLines);
  const skippedTotal = skipped.reduce((sum, [, n]) => sum + n, 0);
  problems.append(
    element("span", {
      className: skippedTotal > 0 ? "problem" : "ok",
      text: `skipped lines (corrupt or cut off): ${count(skippedTotal)}`,
      title: skipped.map(([file, n]) => `${file}: ${n}`).join("\n"),
    }),
  );
  if (status.pendingCutLines.length > 0) {
    problems.append(
      element("span", {
        className: "problem",
        text: `incomplete last line, waiting: ${status.pendingCutLines.join(", ")}`,
      }),
    );
  }
  const other = Object.entries(status.otherRouterLines);
  if (other.length > 0) {
    problems.append(
      element("span", {
        className: "note",
        text: `router lines of other types: ${other.map(([type, n]) => `${type} ${n}`).join(", ")}`,
      }),
    );
  }
  for (const warning of status.warnings)
    problems.append(element("span", { className: "problem", text: warning }));
  container.append(problems);
  if (status.faults.length > 0) container.append(faultList(status.faults, originMs));
}

/** The fault windows so far, newest last (at most the last few, with a count of the rest). */
function faultList(faults: ReadonlyArray<FaultWindow>, originMs: number): HTMLElement {
  const shown = faults.slice(-MAX_FAULTS_LISTED);
  const when = (ms: number | null, open: string) => (ms === null ? open : seconds(ms, originMs, 1));
  const items = shown.map((fault) =>
    element("span", {
      className: "fault",
      text:
        `${fault.kind} ${fault.fault} on ${fault.targets.join(", ") || "all"}: ` +
        `${when(fault.startMs, "start")} – ${when(fault.endMs, "now")}`,
    }),
  );
  const list = element("div", { className: "faults" }, [element("span", { text: "faults: " }), ...items]);
  if (faults.length > shown.length)
    list.append(element("span", { className: "note", text: `and ${faults.length - shown.length} earlier` }));
  return list;
}
