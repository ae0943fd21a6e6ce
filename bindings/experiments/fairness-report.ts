/**
 * The fairness sweep of `edge-alloc simulate --fairness a,b,...`: one
 * simulation per alpha on the same trace, and what fairness costs: per alpha
 * and algorithm the throughput, Jain's index and the weakest and strongest
 * quarters' completion, against alpha = 0 (the most tasks every frame); as
 * fairness.csv, fairness.md and a plot of throughput against Jain's index.
 */
import { COLOURS } from "./sweep-plot.js";
import { markdownTable } from "./simulation-report.js";
import { FAIRNESS_FLOOR_PER_S, FAIRNESS_TIME_CONSTANT_FRAMES } from "../simulation/frames.js";
import type { AlgorithmSummary } from "../simulation/statistics.js";

/** One alpha's summaries, one per algorithm. */
export interface FairnessPoint {
  alpha: number;
  summaries: readonly AlgorithmSummary[];
}

export interface FairnessRow {
  alpha: number;
  algorithm: string;
  throughputPerS: number;
  ci95: number;
  jain: number;
  weakestQuarter: number;
  strongestQuarter: number;
  /** The weakest quarter's completion over alpha = 0's (same algorithm). */
  weakestVsMaxThroughput: number;
  /** Jain's index less alpha = 0's. */
  jainGain: number;
  /** Throughput lost against alpha = 0, a share of it. */
  throughputCost: number;
}

export function fairnessRows(points: readonly FairnessPoint[]): FairnessRow[] {
  const base = points.find((p) => p.alpha === 0);
  return points.flatMap((p) =>
    p.summaries.map((s) => {
      const b = base?.summaries.find((x) => x.algorithm === s.algorithm);
      return {
        alpha: p.alpha,
        algorithm: s.algorithm,
        throughputPerS: s.throughputPerS.mean,
        ci95: s.throughputPerS.ci95,
        jain: s.jainFairness,
        weakestQuarter: s.weakestQuarterCompletion,
        strongestQuarter: s.strongestQuarterCompletion,
        weakestVsMaxThroughput: b ? s.weakestQuarterCompletion / b.weakestQuarterCompletion : Number.NaN,
        jainGain: b ? s.jainFairness - b.jainFairness : Number.NaN,
        throughputCost: b ? 1 - s.throughputPerS.mean / b.throughputPerS.mean : Number.NaN,
      };
    }),
  );
}

const fixed = (x: number, digits: number) => (Number.isFinite(x) ? x.toFixed(digits) : "-");
const percent = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : "-");

export const FAIRNESS_HEADERS = [
  "alpha",
  "algorithm",
  "throughput (tasks/s)",
  "Jain",
  "weakest / strongest quarter",
  "weakest vs alpha 0",
  "Jain gain",
  "throughput cost",
];

export function fairnessTableRows(rows: readonly FairnessRow[]): string[][] {
  return rows.map((r) => [
    String(r.alpha),
    r.algorithm,
    `${fixed(r.throughputPerS, 1)} ± ${fixed(r.ci95, 1)}`,
    fixed(r.jain, 3),
    `${percent(r.weakestQuarter)} / ${percent(r.strongestQuarter)}`,
    `${fixed(r.weakestVsMaxThroughput, 2)}x`,
    `${r.jainGain >= 0 ? "+" : ""}${fixed(r.jainGain, 3)}`,
    percent(r.throughputCost),
  ]);
}

export function fairnessCsv(rows: readonly FairnessRow[]): string {
  const header =
    "alpha,algorithm,throughputPerS,throughputCi95,jain,weakestQuarterCompletion,strongestQuarterCompletion,weakestVsAlpha0,jainGain,throughputCost";
  const lines = rows.map((r) =>
    [r.alpha, r.algorithm, r.throughputPerS, r.ci95, r.jain, r.weakestQuarter, r.strongestQuarter, r.weakestVsMaxThroughput, r.jainGain, r.throughputCost].join(
      ",",
    ),
  );
  return `${[header, ...lines].join("\n")}\n`;
}

/** Throughput against Jain's index, one point per alpha, joined in alpha order per algorithm. */
export function fairnessPlotSpec(rows: readonly FairnessRow[], subtitle: string): Record<string, unknown> {
  const algorithms = [...new Set(rows.map((r) => r.algorithm))];
  const colour = {
    field: "algorithm",
    type: "nominal",
    scale: { domain: algorithms, range: algorithms.map((a) => COLOURS[a as keyof typeof COLOURS] ?? "#444") },
  };
  const x = { field: "jain", type: "quantitative", title: "Jain's index over users' completion", scale: { zero: false } };
  const y = { field: "throughputPerS", type: "quantitative", title: "throughput (tasks/s)", scale: { zero: false } };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: "What fairness costs: throughput against Jain's index over alpha", subtitle },
    width: 520,
    height: 300,
    background: "white",
    config: { aria: false },
    data: { values: rows.map((r) => ({ ...r, label: `alpha ${r.alpha}` })) },
    layer: [
      { mark: { type: "line", point: true }, encoding: { x, y, color: colour, order: { field: "alpha", type: "quantitative" } } },
      { mark: { type: "text", dx: 6, dy: -8, align: "left", fontSize: 10 }, encoding: { x, y, text: { field: "label" } } },
    ],
  };
}

export function fairnessMarkdown(rows: readonly FairnessRow[], command: string, plot: string): string {
  const table = markdownTable(FAIRNESS_HEADERS, fairnessTableRows(rows), [true, false, true, true, true, true, true, true]);
  return [
    "# What fairness costs",
    "",
    `Each frame a user's tasks weigh (r + ${FAIRNESS_FLOOR_PER_S} tasks/s)^-alpha, r the user's completed tasks per second averaged over ${FAIRNESS_TIME_CONSTANT_FRAMES} frames (an exponential average, time constant ${FAIRNESS_TIME_CONSTANT_FRAMES} frames), and the algorithm serves the most weight: alpha = 0 is the most tasks every frame, 1 proportional fairness, large alpha tends to max-min. Every alpha runs on the same trace; each has its own folder (\`alpha-<alpha>/\`) with the full report.`,
    "",
    `Reproduce: \`${command}\``,
    "",
    table,
    "",
    `![throughput against Jain's index](${plot})`,
    "",
  ].join("\n");
}
