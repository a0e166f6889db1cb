// The page for a directory of runs: every run, newest first, each a link that opens it. Names
// come from the file system, so they are set as text and carried in the link's query string.
import type { RunListing } from "../core/watch/protocol.ts";
import { clear, element } from "./dom.ts";

async function fetchRuns(): Promise<RunListing[]> {
  const response = await fetch("/api/runs", { credentials: "same-origin" });
  if (!response.ok) throw new Error(`/api/runs: ${response.status}`);
  return (await response.json()) as RunListing[];
}

function renderRuns(container: HTMLElement, runs: RunListing[]): void {
  clear(container);
  if (runs.length === 0) {
    container.append(element("p", { text: "No runs here yet." }));
    return;
  }
  const table = element("table", { className: "runs" });
  const head = element("tr");
  for (const title of ["run", "mode", "status", "created", "machines"])
    head.append(element("th", { text: title }));
  table.append(head);
  for (const run of runs) {
    const link = element("a", { text: run.name });
    link.href = `?run=${encodeURIComponent(run.name)}`;
    const row = element("tr", {}, [element("td", {}, [link])]);
    for (const value of [run.mode ?? "", run.status ?? "", run.createdAt ?? "", String(run.machines)]) {
      row.append(element("td", { text: value }));
    }
    table.append(row);
  }
  container.append(table);
}

export function showRunList(container: HTMLElement, label: string): void {
  document.title = `clocklab watch: ${label}`;
  container.append(
    element("h1", { text: `Runs in ${label}` }),
    element("p", { text: "Newest first; click one to watch it." }),
  );
  const list = element("div", { className: "run-list" });
  container.append(list);
  const refresh = () => {
    fetchRuns()
      .then((runs) => renderRuns(list, runs))
      .catch(() => {
        clear(list);
        list.append(element("p", { className: "problem", text: "Cannot reach the watch server." }));
      });
  };
  refresh();
  window.setInterval(refresh, 3000);
}
