// The live view's page (bundled into dist/web/app.js at build time): asks the server what it
// watches, then shows either the list of runs or one run (the `run` query parameter names it).
import { byId, element } from "./dom.ts";
import { showRunList } from "./runList.ts";
import { showRun } from "./runView.ts";

interface SourceInfo {
  kind: "run" | "runs";
  label: string;
}

async function start(): Promise<void> {
  const root = byId<HTMLElement>("app");
  const response = await fetch("/api/source", { credentials: "same-origin" });
  if (!response.ok) throw new Error(`/api/source: ${response.status}`);
  const source = (await response.json()) as SourceInfo;
  const runName = new URLSearchParams(location.search).get("run");
  if (source.kind === "runs" && runName === null) {
    showRunList(root, source.label);
    return;
  }
  if (source.kind === "runs") {
    const back = element("a", { text: "← all runs" });
    back.href = "/";
    root.append(back);
  }
  showRun(root, runName);
}

start().catch((error: unknown) => {
  const root = document.getElementById("app");
  root?.append(
    element("p", { className: "problem", text: `The live view could not start: ${String(error)}` }),
  );
});
