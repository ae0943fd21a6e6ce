/**
 * report.md of a simulation: the run in full, the headline table, and plain
 * answers to what an operator asks: which scheme wins and by how much,
 * whether every solver keeps up with the frame clock, and who is starved.
 */
import { DEFAULT_SCENARIO, type ScenarioParams } from "../scenarios/generate.js";
import type { SimulationResult } from "../simulation/simulate.js";
import type { AlgorithmSummary } from "../simulation/statistics.js";
import { FAIRNESS_FLOOR_PER_S, FAIRNESS_TIME_CONSTANT_FRAMES } from "../simulation/frames.js";

export interface SimulationReportContext {
  result: SimulationResult;
  /** The command that reproduces the results, as a person would retype it. */
  command: string;
  /** Where the solve times were measured (machine, load), since they depend on it. */
  machine: string;
  /** Plot file names, in order, with their titles. */
  plots: Array<[string, string]>;
}

/** The weakest quarter below this share of the strongest quarter's completion ratio counts as starved. */
const STARVED_BELOW = 0.5;

const fixed = (x: number, digits: number) => (Number.isFinite(x) ? x.toFixed(digits) : "-");
const ms = (seconds: number) => fixed(seconds * 1e3, 0);
const percent = (share: number) => (Number.isFinite(share) ? `${(share * 100).toFixed(1)}%` : "-");
const times = (ratio: number) => (Number.isFinite(ratio) ? `${ratio.toFixed(2)}x` : "inf");
/** Solve times span microseconds to seconds: three significant digits. */
const solveMs = (x: number) => (Number.isFinite(x) ? String(Number(x.toPrecision(3))) : "-");

export function markdownTable(headers: string[], rows: string[][], rightAligned: boolean[]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(headers), line(rightAligned.map((r) => (r ? "---:" : "---"))), ...rows.map(line)].join("\n");
}

export const HEADLINE_HEADERS = [
  "algorithm",
  "throughput (tasks/s, 95% CI)",
  "completed",
  "latency p50 / p95 (ms)",
  "solve p50 / p99 (ms)",
  "p99 / frame",
  "Jain",
  "weakest / strongest quarter",
];

export function headlineRows(summaries: readonly AlgorithmSummary[]): string[][] {
  return summaries.map((s) => [
    s.algorithm,
    `${fixed(s.throughputPerS.mean, 1)} ± ${fixed(s.throughputPerS.ci95, 1)}`,
    percent(s.completionRatio),
    `${ms(s.latencyP50S)} / ${ms(s.latencyP95S)}`,
    `${solveMs(s.solveMsP50)} / ${solveMs(s.solveMsP99)}`,
    percent(s.solveShareP99),
    fixed(s.jainFairness, 3),
    `${percent(s.weakestQuarterCompletion)} / ${percent(s.strongestQuarterCompletion)}`,
  ]);
}

export function headlineTable(summaries: readonly AlgorithmSummary[]): string {
  return markdownTable(HEADLINE_HEADERS, headlineRows(summaries), [false, true, true, true, true, true, true, true]);
}

function scenarioLines(result: SimulationResult): string[] {
  const { config } = result;
  const p = config.scenario;
  const changed = (Object.keys(p) as Array<keyof ScenarioParams>).filter(
    (key) => !["users", "seed", "frameS"].includes(key) && p[key] !== undefined && p[key] !== DEFAULT_SCENARIO[key],
  );
  const arrived = result.summaries[0]?.arrived ?? 0;
  const span = config.frames * config.frameS;
  return [
    `- Cell: ${p.users} users placed as in the default scenario of seed ${p.seed} (positions and shadowing fixed), Rayleigh fading drawn anew each frame; DNN \`${config.dnn.name ?? p.profile}\`${changed.length ? `; changed from the default scenario: ${changed.map((k) => `${k} = ${String(p[k])}`).join(", ")}` : ""}.`,
    `- Time: ${config.frames} frames of ${config.frameS * 1e3} ms (${fixed(span, 1)} s). Each user's tasks arrive as a Poisson process of ${config.arrivalRatePerS} tasks/s, so ${fixed(p.users * config.arrivalRatePerS, 0)} tasks/s are offered to the cell (${arrived} arrived in this trace); size, accuracy requirement and relative deadline drawn as in the default scenario.`,
    `- A task that arrives during a frame is scheduled from the next frame start on; its deadline in a frame's instance is its remaining time capped at the frame length. Unserved tasks ${config.policy === "defer" ? "wait for the next frame while their deadline can still be met (`defer`)" : "leave (`drop`)"}; a task whose remaining time is no more than its shallowest adequate exit takes at batch 1 has expired.`,
    `- Every algorithm runs on the same trace of arrivals and fading.`,
    ...(config.setup.fairness
      ? [
          `- Fairness alpha = ${config.setup.fairness}: each frame a user's tasks weigh (r + ${FAIRNESS_FLOOR_PER_S} tasks/s)^-${config.setup.fairness}, r its completed tasks per second averaged over ${FAIRNESS_TIME_CONSTANT_FRAMES} frames; the algorithms maximise the served weight.`,
        ]
      : []),
  ];
}

function winnerLines(summaries: readonly AlgorithmSummary[]): string[] {
  const ranked = [...summaries].sort((a, b) => b.throughputPerS.mean - a.throughputPerS.mean);
  const best = ranked[0];
  if (!best) return [];
  const lines = [`- **${best.algorithm}** completes the most: ${fixed(best.throughputPerS.mean, 1)} tasks/s, ${percent(best.completionRatio)} of the tasks.`];
  for (const other of ranked.slice(1)) {
    const gap = best.throughputPerS.mean - other.throughputPerS.mean;
    const overlapping = gap <= best.throughputPerS.ci95 + other.throughputPerS.ci95;
    lines.push(
      `- over ${other.algorithm}: ${times(best.throughputPerS.mean / other.throughputPerS.mean)} its throughput (+${fixed(gap, 1)} tasks/s${overlapping ? ", within the confidence intervals" : ""}).`,
    );
  }
  return lines;
}

function clockLines(result: SimulationResult): string[] {
  const frameMs = result.config.frameS * 1e3;
  const lines: string[] = [];
  for (const s of result.summaries) {
    const overran = result.runs.find((r) => r.algorithm === s.algorithm)!.frames.filter((f) => f.solveMs > frameMs).length;
    const verdict = s.solveMsP99 <= frameMs ? "keeps up" : "**does not keep up**";
    const overruns =
      overran === 0 ? "no frame took longer than the frame" : `${overran} of ${s.frames} frames took longer than the frame (worst ${solveMs(s.solveMsMax)} ms)`;
    lines.push(
      `- ${s.algorithm} ${verdict}: 99% of frames solved within ${solveMs(s.solveMsP99)} ms, ${percent(s.solveShareP99)} of the ${frameMs} ms frame; ${overruns}.`,
    );
  }
  lines.push(
    "- Solve times are wall-clock times of `solve()` (validation and building the Solution included), with the algorithms on worker threads sharing the machine described below; a single slow frame can be the machine pausing rather than the solver. The simulated frames are not delayed by them: a frame whose solve overran would, in a real cell, have no schedule in time.",
  );
  return lines;
}

function starvationLines(summaries: readonly AlgorithmSummary[]): string[] {
  const lines = [
    "Every scheme here is a max-count allocation: each frame it completes as many tasks as its restriction allows (the model's objective), and when the frame cannot take everyone it keeps the tasks that cost least, which tends to leave out users with weak channels.",
    "",
  ];
  for (const s of summaries) {
    const starved = s.weakestQuarterCompletion < STARVED_BELOW * s.strongestQuarterCompletion;
    lines.push(
      `- ${s.algorithm}: the weakest quarter of users completes ${percent(s.weakestQuarterCompletion)} of its tasks, the strongest ${percent(s.strongestQuarterCompletion)}${starved ? ": **the cell edge is starved**" : ""}; Jain's index ${fixed(s.jainFairness, 3)}.`,
    );
  }
  lines.push(
    `- "Weakest quarter": the quarter of users with the lowest mean channel gain (path loss and shadowing, before fading), mostly at the cell edge; users.csv has every user's ratio with distance and gain. Starved: the weakest quarter completes less than half the strongest quarter's share. Whether the edge starves depends on what binds: the band (weak channels need more of it for the same task) or the computation (which costs every task the same).`,
  );
  return lines;
}

/** Completion ratio by distance from the server, in four rings of equally many users (nearest first), per algorithm. */
function distanceTable(result: SimulationResult): string[] {
  const byDistance = [...result.cell].sort((a, b) => a.distanceM - b.distanceM);
  const rings = [0, 1, 2, 3].map((q) => byDistance.slice(Math.floor((q * byDistance.length) / 4), Math.floor(((q + 1) * byDistance.length) / 4)));
  if (rings.some((ring) => ring.length === 0)) return [];
  const headers = ["algorithm", ...rings.map((ring) => `${fixed(ring[0].distanceM, 0)}-${fixed(ring[ring.length - 1].distanceM, 0)} m`)];
  const rows = result.config.algorithms.map((algorithm) => {
    const users = result.users.filter((u) => u.algorithm === algorithm);
    return [
      algorithm,
      ...rings.map((ring) => {
        const members = new Set(ring.map((u) => u.index));
        const inRing = users.filter((u) => members.has(u.user));
        return percent(inRing.reduce((a, u) => a + u.completed, 0) / inRing.reduce((a, u) => a + u.decided, 0));
      }),
    ];
  });
  return [
    "Completion ratio by distance from the server (four rings of equally many users, nearest first):",
    "",
    markdownTable(
      headers,
      rows,
      headers.map((_, i) => i > 0),
    ),
    "",
  ];
}

export function simulationReport(ctx: SimulationReportContext): string {
  const { result } = ctx;
  const s = result.summaries;
  const ciNote = `Throughput: completed tasks per second over the run, ± the half-width of its 95% confidence interval by batch means (the frames cut into ${Math.min(10, result.config.frames)} consecutive batches, Student's t). Completed: share of the tasks whose fate was decided (completed, expired or dropped). Latency: arrival to completion of completed tasks. Solve: wall-clock ms per frame; p99 / frame: the 99th percentile over the frame length. Jain: Jain's fairness index over users' completion ratios (1 = all equal). Weakest / strongest quarter: completion ratio of the quarter of users with the weakest / strongest mean channel.`;
  const counts = s
    .map((x) => `${x.algorithm} ${x.completed} completed, ${x.expired} expired, ${x.dropped} dropped, ${x.pendingAtEnd} pending at the end`)
    .join("; ");
  return [
    "# Online operation: many frames of one cell",
    "",
    `Reproduce with \`${ctx.command}\` (the same seed gives the same CSV files, solve times aside).`,
    "",
    ...scenarioLines(result),
    "",
    "## Results",
    "",
    headlineTable(s),
    "",
    ciNote,
    "",
    `Task counts: ${counts}.`,
    "",
    "## Which scheme wins",
    "",
    ...winnerLines(s),
    "",
    "## Does every algorithm keep up with the frame clock?",
    "",
    ...clockLines(result),
    "",
    "## Who gets starved",
    "",
    ...starvationLines(s),
    "",
    ...distanceTable(result),
    "## Plots",
    "",
    ...ctx.plots.flatMap(([file, title]) => [`![${title}](${file})`, ""]),
    "## Files and caveats",
    "",
    "- `frames.csv`: one row per algorithm and frame (arrived, pending, served, completed, expired, dropped, waiting, band used, solve time); `summary.csv`: the table above in full precision; `users.csv`: each user's completion ratio with distance and mean gain.",
    "- The schedule of a frame starts at the frame start, as if the solver took no time; the solve-time section says how far that holds. Tasks arriving during a frame wait for the next frame start, as a frame-based scheduler makes them.",
    "- The first frames start from an empty cell; a task lives at most its deadline (≤ the largest deadline of the scenario), so this start-up lasts a few frames and is included in the statistics.",
    `- Solve times measured on: ${ctx.machine}.`,
    "",
  ].join("\n");
}
