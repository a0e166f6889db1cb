// Colours: one per machine (cycling beyond 12), and the causal highlight's.

const MACHINE_COLOURS = [
  "#1f77b4",
  "#ff7f0e",
  "#2ca02c",
  "#d62728",
  "#9467bd",
  "#8c564b",
  "#e377c2",
  "#7f7f7f",
  "#bcbd22",
  "#17becf",
  "#393b79",
  "#637939",
];

export function machineColour(index: number): string {
  return MACHINE_COLOURS[index % MACHINE_COLOURS.length]!;
}

export const CAUSAL = {
  past: "#1565c0",
  future: "#e65100",
  concurrent: "#8e24aa",
  selected: "#000000",
  dimmed: "rgba(120,120,120,0.25)",
};

export const EVENT_COLOURS = { SEND: "#1f77b4", RECEIVE: "#2ca02c", INTERNAL: "#9e9e9e" };
export const FAULT_FILL = "rgba(244, 67, 54, 0.10)";
export const FAULT_TARGET_FILL = "rgba(244, 67, 54, 0.22)";
