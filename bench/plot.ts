/**
 * The SVG figure: median solve time against K, both on log scales, one line
 * per contender, one panel per number of exits. Runs that hit the cap are
 * drawn as triangles at the cap (a lower bound, not a time). Rendered in Node
 * by Vega (vega-lite compiles the spec to Vega; the headless view writes SVG).
 */
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import type { BenchReport } from "./report.js";

interface Point {
  contender: string;
  users: number;
  exits: string;
  ms: number;
  kind: "median" | "> cap";
}

export function plotPoints(report: BenchReport): Point[] {
  const cap = report.config.plan.capMs;
  return report.cells.flatMap((c): Point[] => {
    const base = { contender: c.contender, users: c.users, exits: `N = ${c.exits}` };
    if (c.state === "ok" && c.summary) return [{ ...base, ms: c.summary.median, kind: "median" }];
    if (c.state === "capped") return [{ ...base, ms: cap, kind: "> cap" }];
    return [];
  });
}

export function plotSpec(report: BenchReport): TopLevelSpec {
  const x = { field: "users", type: "quantitative", scale: { type: "log" }, title: "users K" } as const;
  const y = { field: "ms", type: "quantitative", scale: { type: "log" }, title: "solve time, ms (median)" } as const;
  const color = { field: "contender", type: "nominal", title: "algorithm" } as const;
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: `edge-alloc solve time against K (cap ${report.config.plan.capMs} ms; triangles: hit the cap)`,
    data: { values: plotPoints(report) },
    facet: { column: { field: "exits", type: "nominal", title: null } },
    spec: {
      width: 300,
      height: 260,
      layer: [
        { transform: [{ filter: "datum.kind === 'median'" }], mark: { type: "line", point: true }, encoding: { x, y, color } },
        {
          // The cap, where the triangles sit: nothing above it was measured.
          mark: { type: "rule", strokeDash: [4, 4], color: "gray" },
          encoding: { y: { datum: report.config.plan.capMs, type: "quantitative" } },
        },
        { transform: [{ filter: "datum.kind === '> cap'" }], mark: { type: "point", shape: "triangle-up", filled: true, size: 80 }, encoding: { x, y, color } },
      ],
    },
    config: { background: "white" },
  };
}

export async function renderSvg(report: BenchReport): Promise<string> {
  const view = new vega.View(vega.parse(compile(plotSpec(report)).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
