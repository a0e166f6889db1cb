// Observable Plot renders into a DOM; in Node that DOM is linkedom. Each chart gets a fresh
// document and comes back as an HTML string of static SVG, so the report needs no JavaScript.
import * as Plot from "@observablehq/plot";
import { parseHTML } from "linkedom";

export function renderPlot(options: Plot.PlotOptions): string {
  const { document } = parseHTML("<!doctype html><html><head></head><body></body></html>");
  const element = Plot.plot({ ...options, document: document as unknown as Document }) as unknown as {
    outerHTML: string;
  };
  return element.outerHTML;
}
