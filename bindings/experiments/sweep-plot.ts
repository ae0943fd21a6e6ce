/**
 * One SVG plot per sweep: mean throughput against the swept parameter, one
 * line per algorithm, its 95% confidence interval as a band. Drawn by
 * vega-lite (a declarative chart grammar: the spec below is the whole plot)
 * and rendered to SVG by vega in Node, with no browser or canvas. vega and
 * vega-lite are optional peer dependencies: without them sweep stops with one
 * line saying what to install.
 */
import type { Algorithm } from "../core/types.js";
import type { SweepDefinition } from "./sweep-plan.js";
import type { PointSummary } from "./sweep-stats.js";
import { importOptional } from "../core/optional-package.js";

/** Fixed colours, so an algorithm looks the same in every plot whatever subset ran. */
export const COLOURS: Record<Algorithm, string> = {
  exact: "#1f77b4",
  greedy: "#2ca02c",
  tree: "#17becf",
  bsp: "#8c564b",
  milp: "#7f7f7f",
  "no-early-exit": "#ff7f0e",
  "no-batching": "#9467bd",
  conventional: "#d62728",
};

export interface PlotOptions {
  runs: number;
  /** What the other parameters are, for the subtitle: "the default scenario" or "the base scenario". */
  scenarioLabel: string;
  width?: number;
  height?: number;
}

/** The vega-lite spec of one sweep's plot (exported so tests and users can inspect it). */
export function sweepPlotSpec(definition: SweepDefinition, summaries: readonly PointSummary[], options: PlotOptions): Record<string, unknown> {
  const rows = summaries.filter((s) => s.sweep === definition.name);
  const algorithms = [...new Set(rows.map((s) => s.algorithm))];
  const values = rows.map((s) => ({
    x: s.value,
    algorithm: s.algorithm,
    mean: s.throughput.mean,
    low: s.throughput.mean - s.throughput.ci95,
    high: s.throughput.mean + s.throughput.ci95,
  }));
  const colour = {
    field: "algorithm",
    type: "nominal",
    title: "algorithm",
    scale: { domain: algorithms, range: algorithms.map((a) => COLOURS[a]) },
    sort: algorithms,
    // Solid symbols: otherwise the legend takes the faint colour of the confidence bands.
    legend: definition.numeric ? { symbolType: "stroke", symbolStrokeWidth: 3, symbolOpacity: 1 } : { symbolType: "circle", symbolOpacity: 1 },
  };
  const x = definition.numeric
    ? { field: "x", type: "quantitative", title: definition.axisTitle, scale: { zero: false } }
    : { field: "x", type: "nominal", title: definition.axisTitle, sort: null, axis: { labelAngle: 0 } };
  const y = { field: "mean", type: "quantitative", title: "throughput (tasks/s)" };
  const interval = { y: { field: "low", type: "quantitative", title: y.title }, y2: { field: "high" } };
  // Categories (profiles): points with error bars side by side; numbers: lines over a band.
  const layers = definition.numeric
    ? [
        { mark: { type: "errorband", opacity: 0.18 }, encoding: { x, ...interval, color: colour } },
        { mark: { type: "line", point: true, strokeWidth: 2 }, encoding: { x, y, color: colour } },
      ]
    : [
        { mark: { type: "errorbar", ticks: true }, encoding: { x, ...interval, xOffset: { field: "algorithm", sort: algorithms }, color: colour } },
        { mark: { type: "point", filled: true, size: 60 }, encoding: { x, y, xOffset: { field: "algorithm", sort: algorithms }, color: colour } },
      ];
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: {
      text: `Throughput vs ${definition.axisTitle.replace(/ \(.*\)$/, "")}`,
      subtitle: `mean of ${options.runs} seeded runs per point, 95% confidence ${definition.numeric ? "band" : "interval"}; all else as in ${options.scenarioLabel}`,
    },
    width: options.width ?? 520,
    height: options.height ?? 300,
    background: "white",
    // Shown as an image, the SVG's aria labels reach no one; without them the file is a quarter smaller.
    config: { aria: false },
    data: { values },
    layer: layers,
  };
}

/**
 * vega and vega-lite: optional peer dependencies, loaded on demand (vega is
 * large and only plotting needs it). Without them, an InputError saying what
 * to install; a sweep asks first, before it spends its time solving.
 */
export function loadPlotting(): Promise<[typeof import("vega"), typeof import("vega-lite")]> {
  const neededFor = "plotting (the sweep's SVG files)";
  const packages = ["vega", "vega-lite"];
  return Promise.all([
    importOptional<typeof import("vega")>("vega", neededFor, packages),
    importOptional<typeof import("vega-lite")>("vega-lite", neededFor, packages),
  ]);
}

/** Renders a vega-lite spec to an SVG document. */
export async function renderSvg(spec: Record<string, unknown>): Promise<string> {
  const [vega, vegaLite] = await loadPlotting();
  const compiled = vegaLite.compile(spec as unknown as Parameters<typeof vegaLite.compile>[0]).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
