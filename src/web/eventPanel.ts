// The panel for a clicked event: its Lamport, vector and HLC stamps, the message it sent or
// received and the stamps that message carried (the sending event's), and how many of the events
// held are in its causal past, its future, or concurrent with it. Text only, never markup.
import type { CausalMethod } from "./causal.ts";
import { pastCountInRun } from "./causal.ts";
import { clear, definitionRows, element } from "./dom.ts";
import type { EventWindow, ViewEvent } from "./eventWindow.ts";
import { count, seconds, vectorText } from "./format.ts";

export interface PanelInput {
  event: ViewEvent;
  window: EventWindow;
  ids: ReadonlyArray<string>;
  originMs: number;
  past: number;
  future: number;
  concurrent: number;
  method: CausalMethod;
}

function name(ids: ReadonlyArray<string>, index: number): string {
  return ids[index] ?? `#${index}`;
}

function stamps(event: ViewEvent, input: PanelInput): Array<[string, string]> {
  const rows: Array<[string, string]> = [
    [
      "Lamport",
      event.jump !== undefined && event.jump > 1
        ? `${event.lamport} (jumped +${event.jump})`
        : String(event.lamport),
    ],
  ];
  rows.push([
    "vector",
    event.v === undefined ? "not recorded" : vectorText(event.v, input.ids, input.ids.length),
  ]);
  if (event.hlcWall !== undefined) {
    const ahead = event.hlcWall - Math.floor(event.st);
    rows.push([
      "HLC",
      `wall ${event.hlcWall}, logical ${event.hlcLogical ?? 0} (${ahead} ms ahead of its physical clock)`,
    ]);
  } else {
    rows.push(["HLC", "not recorded"]);
  }
  return rows;
}

export function renderEventPanel(container: HTMLElement, input: PanelInput | null): void {
  clear(container);
  if (input === null) {
    container.append(
      element("p", {
        className: "hint",
        text: "Click an event in the diagram to see its causal past and future.",
      }),
    );
    return;
  }
  const { event, ids } = input;
  container.append(element("h3", { text: `${name(ids, event.m)} · event ${event.seq} · ${event.kind}` }));
  container.append(
    definitionRows([
      ["true time", seconds(event.t, input.originMs)],
      ["system time", seconds(event.st, input.originMs)],
      ["queue after", String(event.queueLength)],
      ...stamps(event, input),
    ]),
  );
  if (event.msgId !== undefined) {
    const rows: Array<[string, string]> = [["message", event.msgId]];
    if (event.kind === "RECEIVE") {
      rows.push(["from", name(ids, event.from ?? -1)], ["carried Lamport", String(event.msgLamport ?? "")]);
      rows.push(["sent at (sender's clock)", seconds(event.msgSentAt ?? 0, input.originMs)]);
    } else {
      rows.push(["to", (event.to ?? []).map((to) => name(ids, to)).join(", ") || "?"]);
      if (event.msgKind !== undefined) rows.push(["kind", event.msgKind]);
      if (event.failed !== undefined) rows.push(["failed", event.failed]);
      const receives = input.window.receivesOf(event.msgId);
      rows.push([
        "received by",
        receives.length === 0
          ? "not (yet) among the events held"
          : receives.map((r) => `${name(ids, r.m)} event ${r.seq}`).join(", "),
      ]);
    }
    container.append(element("h4", { text: "Message" }), definitionRows(rows));
    if (event.kind === "RECEIVE") {
      const send = input.window.sendOf(event.msgId);
      container.append(element("h4", { text: "Stamps it carried (the sending event)" }));
      if (send === undefined) {
        container.append(
          element("p", { className: "hint", text: "The SEND is older than the events held." }),
        );
      } else {
        container.append(
          definitionRows([
            ["sent by", `${name(ids, send.m)} event ${send.seq} at ${seconds(send.t, input.originMs)}`],
            ...stamps(send, input),
          ]),
        );
      }
    }
  }
  const total = pastCountInRun(event);
  const causal: Array<[string, string]> = [
    ["causal past (held)", count(input.past)],
    ["causal future (held)", count(input.future)],
    ["concurrent (held)", count(input.concurrent)],
    [
      "computed from",
      input.method === "vector" ? "vector clocks" : "the happens-before graph (program order + messages)",
    ],
  ];
  if (total !== null) causal.splice(1, 0, ["causal past (whole run)", count(total)]);
  container.append(element("h4", { text: "Causality" }), definitionRows(causal));
}
