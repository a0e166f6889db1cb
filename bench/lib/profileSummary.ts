// Reads a V8 .cpuprofile (node --cpu-prof) and lists where the time went: self time per function
// (name, file:line), largest first, as shares of all samples.
import { readFileSync } from "node:fs";
import { basename } from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
}

export interface ProfileEntry {
  name: string;
  selfShare: number;
}

export function summarizeProfile(path: string, top = 15): { entries: ProfileEntry[]; idleShare: number } {
  const profile = JSON.parse(readFileSync(path, "utf8")) as CpuProfile;
  const selfHits = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (hits === 0) continue;
    total += hits;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url === "" ? "" : ` ${basename(url.replace(/\?.*$/, ""))}:${lineNumber + 1}`;
    const key = `${functionName || "(anonymous)"}${where}`;
    selfHits.set(key, (selfHits.get(key) ?? 0) + hits);
  }
  const idleShare = (selfHits.get("(idle)") ?? 0) / Math.max(1, total);
  const busy = Math.max(1, total - (selfHits.get("(idle)") ?? 0));
  selfHits.delete("(idle)");
  const entries = [...selfHits.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, hits]) => ({ name, selfShare: hits / busy }));
  return { entries, idleShare };
}
