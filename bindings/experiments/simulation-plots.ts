/**
 * The three plots of a simulation as vega-lite specs (rendered to SVG by
 * renderSvg of the experiments): throughput over time, the latency
 * distribution, and solve time against the frame length. Curves are drawn
 * from at most ~100 points per algorithm (windows or quantiles), so the SVG
 * files stay small whatever the number of frames.
 */
import { COLOURS } from "./sweep-plot.js";
import type { Algorithm } from "../core/types.js";
import { quantile } from "../simulation/estimates.js";
import type { SimulationResult } from "../simulation/simulate.js";

/** Points per distribution curve. */
const RESOLUTION = 100;
/** Windows on the throughput curve: fewer, longer windows than frames, so the curve shows trends rather than Poisson noise. */
const THROUGHPUT_WINDOWS = 50;

function colourOf(algorithms: readonly Algorithm[]) {
  return {
    field: "algorithm",
    type: "nominal",
    title: "algorithm",
    scale: { domain: algorithms, range: algorithms.map((a) => COLOURS[a]) },
    sort: algorithms,
    legend: { symbolType: "stroke", symbolStrokeWidth: 3, symbolOpacity: 1 },
  };
}

function frame(title: string, subtitle: string | string[], layers: unknown[], values: unknown[]): Record<string, unknown> {
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: title, subtitle },
    width: 520,
    height: 300,
    background: "white",
    // Shown as an image, the SVG's aria labels reach no one.
    config: { aria: false },
    data: { values },
    layer: layers,
  };
}

const describeRun = (result: SimulationResult) => {
  const { config } = result;
  return `${config.scenario.users} users, ${config.arrivalRatePerS} tasks/s each, frame ${config.frameS * 1e3} ms, policy ${config.policy}, seed ${config.scenario.seed}`;
};

/** The arrivals' curve on the throughput plot: what the cell is offered, the ceiling of every scheme. */
const OFFERED = "offered (arrivals)";

/** Throughput in consecutive windows of frames (about THROUGHPUT_WINDOWS windows), with the arrival rate for reference. */
export function throughputPlotSpec(result: SimulationResult): Record<string, unknown> {
  const { frames: frameCount, frameS, algorithms } = result.config;
  const window = Math.max(1, Math.round(frameCount / THROUGHPUT_WINDOWS));
  const perWindow = (series: string, counts: readonly number[]) => {
    const points = [];
    for (let from = 0; from < counts.length; from += window) {
      const slice = counts.slice(from, from + window);
      points.push({ series, timeS: (from + slice.length / 2) * frameS, rate: slice.reduce((a, b) => a + b, 0) / (slice.length * frameS) });
    }
    return points;
  };
  const values = [
    ...result.runs.flatMap((run) =>
      perWindow(
        run.algorithm,
        run.frames.map((f) => f.completed),
      ),
    ),
    // Every algorithm sees the same arrivals; the first run's are everyone's.
    ...(result.runs[0]
      ? perWindow(
          OFFERED,
          result.runs[0].frames.map((f) => f.arrived),
        )
      : []),
  ];
  const domain = [...algorithms, OFFERED];
  const layer = {
    mark: { type: "line", strokeWidth: 1.5 },
    encoding: {
      x: { field: "timeS", type: "quantitative", title: "time (s)" },
      y: { field: "rate", type: "quantitative", title: "throughput (tasks/s)" },
      color: {
        ...colourOf(algorithms),
        field: "series",
        title: null,
        scale: { domain, range: [...algorithms.map((a) => COLOURS[a]), "#aaaaaa"] },
        sort: domain,
      },
      strokeDash: { condition: { test: `datum.series === '${OFFERED}'`, value: [4, 3] }, value: [1, 0] },
    },
  };
  return frame("Throughput over time", `${describeRun(result)}; mean over windows of ${window} frame${window > 1 ? "s" : ""}`, [layer], values);
}

/** Quantiles 0, 1/RESOLUTION, ..., 1 of each algorithm's samples, as points of its distribution function. */
function distributionPoints(samplesByAlgorithm: ReadonlyArray<[Algorithm, number[]]>, scale: number) {
  return samplesByAlgorithm.flatMap(([algorithm, samples]) =>
    samples.length === 0
      ? []
      : Array.from({ length: RESOLUTION + 1 }, (_, i) => ({ algorithm, x: quantile(samples, i / RESOLUTION) * scale, share: i / RESOLUTION })),
  );
}

export function latencyPlotSpec(result: SimulationResult): Record<string, unknown> {
  const samples = result.runs.map((run): [Algorithm, number[]] => [
    run.algorithm,
    run.outcomes.filter((o) => o.fate === "completed").map((o) => o.completedAtS! - o.task.arrivalS),
  ]);
  const layer = {
    mark: { type: "line", strokeWidth: 2 },
    encoding: {
      x: { field: "x", type: "quantitative", title: "latency from arrival to completion (ms)" },
      y: { field: "share", type: "quantitative", title: "share of completed tasks", axis: { format: "%" } },
      color: colourOf(result.config.algorithms),
      order: { field: "share" },
    },
  };
  return frame("Latency of completed tasks", `${describeRun(result)}; distribution function`, [layer], distributionPoints(samples, 1e3));
}

export function solveTimePlotSpec(result: SimulationResult): Record<string, unknown> {
  const frameMs = result.config.frameS * 1e3;
  const samples = result.runs.map((run): [Algorithm, number[]] => [run.algorithm, run.frames.map((f) => Math.max(f.solveMs, 1e-3))]);
  const values = distributionPoints(samples, 1);
  const low = Math.min(...values.map((v) => v.x), frameMs);
  const x = { field: "x", type: "quantitative", title: "solve time per frame (ms, log scale)", scale: { type: "log", domain: [low, frameMs * 2] } };
  const curves = {
    mark: { type: "line", strokeWidth: 2 },
    encoding: {
      x,
      y: { field: "share", type: "quantitative", title: "share of frames", axis: { format: "%" } },
      color: colourOf(result.config.algorithms),
      order: { field: "share" },
    },
  };
  const frameRule = {
    data: { values: [{ x: frameMs, label: `frame ${frameMs} ms` }] },
    layer: [
      { mark: { type: "rule", strokeDash: [6, 4], color: "black" }, encoding: { x: { field: "x", type: "quantitative" } } },
      {
        mark: { type: "text", align: "right", dx: -4, dy: 8, baseline: "top" },
        encoding: { x: { field: "x", type: "quantitative" }, y: { value: 0 }, text: { field: "label" } },
      },
    ],
  };
  return frame(
    "Solve time against the frame length",
    [describeRun(result), "wall-clock time of solve() per frame, distribution function"],
    [curves, frameRule],
    values,
  );
}

/** File name -> spec, in the order the report shows them. */
export function simulationPlots(result: SimulationResult): Array<[string, Record<string, unknown>]> {
  return [
    ["throughput.svg", throughputPlotSpec(result)],
    ["latency.svg", latencyPlotSpec(result)],
    ["solve-time.svg", solveTimePlotSpec(result)],
  ];
}
