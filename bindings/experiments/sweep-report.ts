/**
 * The markdown report of a sweep: its scenario in full, the throughput of
 * every scheme at every point, and the gain of batching plus early exiting
 * over the conventional schemes, with plainly where the paper's "double"
 * holds and where it does not.
 */
import { DEFAULT_SCENARIO, type ScenarioParams } from "../scenarios/generate.js";
import { batchLimit, blockLatencyS } from "../core/prepare.js";
import type { Algorithm } from "../core/types.js";
import type { PointValue, SweepName, SweepPlan } from "./sweep-plan.js";
import { byPoint, gain, type PointSummary } from "./sweep-stats.js";
import { earlierRunSection, type EarlierRun } from "./sweep-compare.js";

/** Schemes that use both techniques, in the order they are reported. */
const JOINT: readonly Algorithm[] = ["exact", "tree", "greedy", "bsp"];
/** The paper's conventional schemes, each with the technique(s) it keeps. */
const BASELINES: ReadonlyArray<{ algorithm: Algorithm; what: string }> = [
  { algorithm: "conventional", what: "neither batching nor early exiting" },
  { algorithm: "no-early-exit", what: "batching only" },
  { algorithm: "no-batching", what: "early exiting only" },
];
const PAPER_CLAIM =
  '"both optimal and sub-optimal C2 resource allocation algorithms can leverage integrated batching and early exiting to double the inference throughput compared with conventional schemes" (Liu, Lan, Huang, IEEE JSAC 2023, abstract)';

export interface ReportContext {
  plan: SweepPlan;
  summaries: readonly PointSummary[];
  /** The command that produced the results, as a person would retype it. */
  command: string;
  engine: string;
  /** File names of the plots, by sweep. */
  plots: Partial<Record<SweepName, string>>;
  /** An earlier sweep to say how far each algorithm moved since (`--compare-with`). */
  earlier?: EarlierRun;
}

const ratioText = (r: number) => (Number.isFinite(r) ? `${r.toFixed(2)}x` : "inf (baseline serves none)");
const tput = (s: PointSummary | undefined) => (s ? `${s.throughput.mean.toFixed(1)} ± ${s.throughput.ci95.toFixed(1)}` : "");
const percent = (share: number) => `${Math.round(share * 100)}%`;
const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

interface Comparison {
  scheme: Algorithm;
  baseline: Algorithm;
  label: string;
}

/** Every pair worth a gain: joint schemes over each baseline, single techniques over conventional. */
function comparisons(algorithms: readonly Algorithm[]): Comparison[] {
  const has = (a: Algorithm) => algorithms.includes(a);
  const pairs: Comparison[] = [];
  for (const scheme of JOINT.filter(has)) {
    for (const b of BASELINES.filter((b) => has(b.algorithm))) {
      pairs.push({ scheme, baseline: b.algorithm, label: `${scheme} over ${b.algorithm} (${b.what})` });
    }
  }
  for (const single of ["no-early-exit", "no-batching"] as const) {
    if (has(single) && has("conventional")) {
      pairs.push({
        scheme: single,
        baseline: "conventional",
        label: `${single} over conventional (what ${single === "no-early-exit" ? "batching" : "early exiting"} alone brings)`,
      });
    }
  }
  return pairs;
}

interface PointGain {
  sweep: SweepName;
  value: PointValue;
  ratio: number;
  doubledShare: number;
}

function gainsOf(ctx: ReportContext, pair: Comparison): PointGain[] {
  const gains: PointGain[] = [];
  const grouped = byPoint(ctx.summaries);
  for (const point of ctx.plan.points) {
    const at = grouped.get(`${point.sweep}\u0000${point.index}`);
    const scheme = at?.get(pair.scheme);
    const baseline = at?.get(pair.baseline);
    if (!scheme || !baseline) continue;
    gains.push({ sweep: point.sweep, value: point.value, ...gain(scheme, baseline) });
  }
  return gains;
}

function range(gains: PointGain[]): string {
  const ratios = gains.map((g) => g.ratio);
  const low = Math.min(...ratios);
  const high = Math.max(...ratios);
  return low === high ? ratioText(low) : `${ratioText(low)} to ${ratioText(high)}`;
}

function listPoints(ctx: ReportContext, gains: PointGain[]): string {
  return gains.map((g) => `${ctx.plan.definitions[g.sweep].describe(g.value)} (${ratioText(g.ratio)})`).join("; ");
}

/** "the default scenario" when nothing was changed, else "the base scenario". */
export function scenarioLabel(plan: SweepPlan): string {
  return plan.base.changed.length === 0 ? "the default scenario" : "the base scenario";
}

/** One sentence per comparison: where the gain reaches 2x and where it does not. */
function doubleVerdict(ctx: ReportContext, pair: Comparison): string {
  const gains = gainsOf(ctx, pair);
  if (gains.length === 0) return "";
  const held = gains.filter((g) => g.ratio >= 2);
  const failed = gains.filter((g) => g.ratio < 2);
  const head = `- **${pair.label}**: ${range(gains)} across ${gains.length} points;`;
  if (failed.length === 0) return `${head} at least double at every point.`;
  if (held.length === 0) return `${head} **never double**.`;
  // Name the shorter list: where it holds when that is the exception, else where it fails.
  if (held.length <= failed.length) return `${head} **double at only ${held.length} of ${gains.length}**: ${listPoints(ctx, held)}.`;
  return `${head} double at ${held.length} of ${gains.length} points; **not double** at ${listPoints(ctx, failed)}.`;
}

function defaultPoint(ctx: ReportContext) {
  const point = ctx.plan.points.find((p) => p.value === ctx.plan.definitions[p.sweep].baseValue);
  return point ? byPoint(ctx.summaries).get(`${point.sweep}\u0000${point.index}`) : undefined;
}

function headline(ctx: ReportContext): string[] {
  const at = defaultPoint(ctx);
  const label = scenarioLabel(ctx.plan);
  if (!at) return [`${capitalise(label)} is not among the points run, so there is no headline at it; see the sweeps below.`];
  const p = ctx.plan.base.params;
  const lines = [
    `At ${label} (K = ${p.users}, W = ${p.bandwidthHz / 1e6} MHz, profile ${ctx.plan.base.profile.name}), mean throughput over ${ctx.plan.seeds.length} runs, 95% confidence interval:`,
    "",
    "| algorithm | throughput (tasks/s) | tasks served |",
    "| --- | ---: | ---: |",
  ];
  for (const algorithm of ctx.plan.algorithms) {
    const s = at.get(algorithm);
    if (s) lines.push(`| ${algorithm} | ${tput(s)} | ${s.served.mean.toFixed(1)} of ${s.users} |`);
  }
  lines.push("");
  for (const pair of comparisons(ctx.plan.algorithms)) {
    const scheme = at.get(pair.scheme);
    const baseline = at.get(pair.baseline);
    if (!scheme || !baseline) continue;
    const g = gain(scheme, baseline);
    lines.push(`- ${pair.label}: **${ratioText(g.ratio)}** (at least double in ${percent(g.doubledShare)} of runs)`);
  }
  const exact = at.get("exact");
  const greedy = at.get("greedy");
  if (exact && greedy) {
    lines.push(`- greedy reaches ${((100 * greedy.served.mean) / exact.served.mean).toFixed(1)}% of the optimum (exact) on average.`);
  }
  return lines;
}

/** The answer in words: the joint gain at the default, how much of it either technique gets alone, and the gain over the better one. */
function inShort(ctx: ReportContext): string[] {
  const joint = JOINT.find((a) => ctx.plan.algorithms.includes(a));
  const needed: Algorithm[] = ["conventional", "no-early-exit", "no-batching"];
  if (!joint || !needed.every((a) => ctx.plan.algorithms.includes(a))) return [];
  const grouped = byPoint(ctx.summaries);
  const overBestSingle: PointGain[] = [];
  for (const point of ctx.plan.points) {
    const at = grouped.get(`${point.sweep}\u0000${point.index}`);
    const [scheme, batching, exiting] = [at?.get(joint), at?.get("no-early-exit"), at?.get("no-batching")];
    if (!scheme || !batching || !exiting) continue;
    const best = batching.throughput.mean >= exiting.throughput.mean ? batching : exiting;
    overBestSingle.push({ sweep: point.sweep, value: point.value, ...gain(scheme, best) });
  }
  const lines: string[] = [];
  const at = defaultPoint(ctx);
  if (at) {
    const conventional = at.get("conventional")!;
    const batching = at.get("no-early-exit")!;
    const exiting = at.get("no-batching")!;
    const overConventional = gain(at.get(joint)!, conventional).ratio;
    const batchingGain = gain(batching, conventional).ratio;
    const exitingGain = gain(exiting, conventional).ratio;
    const best = batching.throughput.mean >= exiting.throughput.mean ? batching : exiting;
    const overBest = gain(at.get(joint)!, best).ratio;
    const verdict = (r: number) => (r >= 2 ? "holds" : "does not hold");
    lines.push(
      `At the default scenario, \`${joint}\` (batching and early exiting) reaches ${ratioText(overConventional)} the throughput of \`conventional\`. ` +
        `Batching alone (\`no-early-exit\`) already reaches ${ratioText(batchingGain)}, early exiting alone (\`no-batching\`) ${ratioText(exitingGain)}; ` +
        `so the two together are ${ratioText(overBest)} the better single technique (\`${best.algorithm}\`). ` +
        `The paper's "double" ${verdict(overConventional)} against \`conventional\`, ${verdict(gain(at.get(joint)!, exiting).ratio)} against \`no-batching\` ` +
        `and ${verdict(gain(at.get(joint)!, batching).ratio)} against \`no-early-exit\`.`,
      "",
    );
  }
  const doubled = overBestSingle.filter((g) => g.ratio >= 2);
  lines.push(
    `Over all ${overBestSingle.length} points, \`${joint}\` over the better single technique at that point: ${range(overBestSingle)}; ` +
      (doubled.length === 0 ? "it is **never double**." : `double at ${doubled.length} point(s): ${listPoints(ctx, doubled)}.`),
  );
  return lines;
}

/** Each parameter in words; `(default: ...)` after those the base changed. */
function scenarioSection(plan: SweepPlan): string[] {
  const { params: d, profile, changed } = plan.base;
  const was = (...keys: Array<keyof ScenarioParams>) => {
    const differing = keys.filter((k) => changed.includes(k));
    return differing.length === 0 ? "" : ` (default: ${differing.map((k) => `${k} ${String(DEFAULT_SCENARIO[k] ?? "from the profile")}`).join(", ")})`;
  };
  const accuracies = profile.exits.map((e) => e.accuracy);
  const limit = batchLimit({ channel: { bandwidthHz: 1, noisePsdWPerHz: 1 }, dnn: profile, users: [] });
  const lines = [
    `| parameter | ${plan.base.changed.length === 0 ? "default" : "base (changed from the default where noted)"} |`,
    "| --- | --- |",
    `| users K | ${d.users}, uniform in a disc of radius ${d.radiusM} m, at least ${d.minDistanceM} m from the server${was("users", "radiusM", "minDistanceM")} |`,
    `| path loss | 128.1 + 37.6 log10(d / 1 km) dB, ${d.shadowingDb} dB log-normal shadowing, Rayleigh fading${was("shadowingDb")} |`,
    `| transmit power | ${d.powerDbm} dBm${was("powerDbm")} |`,
    `| noise PSD | ${d.noiseDbmPerHz} dBm/Hz${was("noiseDbmPerHz")} |`,
    `| bandwidth W | ${d.bandwidthHz / 1e6} MHz${was("bandwidthHz")} |`,
    `| task size | uniform ${d.dataBitsMin / 1e3} to ${d.dataBitsMax / 1e3} kbit${was("dataBitsMin", "dataBitsMax")} |`,
    `| deadline | uniform ${d.deadlineSMin * 1e3} to ${d.deadlineSMax * 1e3} ms, times the deadline scale ${d.deadlineScale}${was("deadlineSMin", "deadlineSMax", "deadlineScale")} |`,
    `| accuracy requirement | uniform from ${d.accuracyMin ?? `${accuracies[0]} (the first exit's)`} to ${d.accuracyMax ?? `${accuracies[accuracies.length - 1]} (the last exit's)`}${was("accuracyMin", "accuracyMax")} |`,
    `| DNN | ${profile.name} (${profile.kind ?? `${profile.exits.length} exit${profile.exits.length === 1 ? "" : "s"}`}), maxBatch ${Number.isFinite(limit) ? limit : "none"}${was("profile", "maxBatch")} |`,
    `| frame | ${d.frameS === undefined ? "the largest deadline" : `${d.frameS * 1e3} ms${was("frameS")}`}; throughput = tasks served / frame |`,
    "",
    `DNN profile \`${profile.name}\`: ${profile.source ?? "(source not recorded)"}`,
    "",
    "| exit | accuracy | t(1) ms | t(32) ms | t(maxBatch) ms |",
    "| ---: | ---: | ---: | ---: | ---: |",
  ];
  const largest = Number.isFinite(limit) ? limit : 128;
  profile.exits.forEach((e, n) => {
    const ms = (b: number) => (blockLatencyS(e.latency, b) * 1e3).toFixed(2);
    lines.push(`| ${n + 1} | ${e.accuracy} | ${ms(1)} | ${ms(32)} | ${ms(largest)} |`);
  });
  return lines;
}

function sweepSection(ctx: ReportContext, sweep: SweepName): string[] {
  const definition = ctx.plan.definitions[sweep];
  const points = ctx.plan.points.filter((p) => p.sweep === sweep);
  const grouped = byPoint(ctx.summaries);
  const algorithms = ctx.plan.algorithms;
  const pairs = comparisons(algorithms).filter((p) => p.baseline === "conventional" || p.scheme === algorithms.find((a) => JOINT.includes(a)));
  const lines = [`### ${definition.axisTitle}`, ""];
  const plot = ctx.plots[sweep];
  if (plot) lines.push(`![throughput against ${definition.axisTitle}](${plot})`, "");
  lines.push(
    `| ${definition.parameter} | ${algorithms.join(" | ")} | ${pairs.map((p) => `${p.scheme} / ${p.baseline}`).join(" | ")} |`,
    `| ---: | ${algorithms.map(() => "---:").join(" | ")} | ${pairs.map(() => "---:").join(" | ")} |`,
  );
  for (const point of points) {
    const at = grouped.get(`${sweep}\u0000${point.index}`);
    const cells = algorithms.map((a) => tput(at?.get(a)));
    const gains = pairs.map((p) => {
      const s = at?.get(p.scheme);
      const b = at?.get(p.baseline);
      return s && b ? ratioText(gain(s, b).ratio) : "";
    });
    const mark = point.value === definition.baseValue ? (ctx.plan.base.changed.length === 0 ? " (default)" : " (base)") : "";
    lines.push(`| ${point.value}${mark} | ${cells.join(" | ")} | ${gains.join(" | ")} |`);
  }
  lines.push("", "Throughput in tasks/s, mean ± 95% confidence half-width; gains are ratios of mean throughput.", "");
  if (definition.note) lines.push(definition.note, "");
  return lines;
}

function solveTimeSection(ctx: ReportContext): string[] {
  const lines = ["| algorithm | median solve ms (over points) | slowest run ms | runs not proved optimal for their scheme |", "| --- | ---: | ---: | ---: |"];
  for (const algorithm of ctx.plan.algorithms) {
    const rows = ctx.summaries.filter((s) => s.algorithm === algorithm);
    if (rows.length === 0) continue;
    const medians = rows.map((s) => s.solveTimeMsMedian).sort((a, b) => a - b);
    const slowest = Math.max(...rows.map((s) => s.solveTimeMsMax));
    const notOptimal = rows.reduce((n, s) => n + s.throughput.n - s.optimalRuns, 0);
    lines.push(`| ${algorithm} | ${medians[medians.length >> 1].toFixed(2)} | ${slowest.toFixed(1)} | ${notOptimal} |`);
  }
  return lines;
}

/** A level-2 section, or nothing when it has no lines. */
const section = (title: string, lines: string[]) => (lines.length === 0 ? [] : [`## ${title}`, "", ...lines, ""]);

export function sweepReport(ctx: ReportContext): string {
  const { plan } = ctx;
  const seeds = plan.seeds;
  const pairs = comparisons(plan.algorithms);
  const lines = [
    "# Experiments: batching and early exiting against the conventional schemes",
    "",
    `Produced by \`${ctx.command}\`: ${seeds.length} seeded runs per point (seeds ${seeds[0]} to ${seeds.at(-1)}, the same seeds at every point, so every algorithm and every point sees the same users), ${plan.points.length} point${plan.points.length === 1 ? "" : "s"}, algorithms ${plan.algorithms.join(", ")}, engine ${ctx.engine}${plan.timeLimitMs > 0 ? `, time limit ${plan.timeLimitMs} ms per solve` : ""}. Each sweep varies one parameter of ${scenarioLabel(plan)} and keeps every other as it is there. The data: \`runs.csv\` (every run) and \`summary.csv\` (mean and 95% confidence interval per point), written beside this report by the same command.`,
    "",
    "## Headline",
    "",
    ...headline(ctx),
    "",
    ...section("In short", inShort(ctx)),
    '## Does the "double" hold?',
    "",
    `The paper: ${PAPER_CLAIM}. Here, at every point of every sweep (gain = ratio of mean throughputs):`,
    "",
    ...pairs.map((p) => doubleVerdict(ctx, p)).filter((l) => l !== ""),
    "",
    ...section("Against an earlier run", ctx.earlier ? earlierRunSection(plan, ctx.summaries, ctx.earlier, pairs) : []),
    "## Scenario",
    "",
    ...scenarioSection(plan),
    "",
    "## Sweeps",
    "",
    ...plan.sweeps.flatMap((s) => sweepSection(ctx, s)),
    "## Solve time",
    "",
    ...solveTimeSection(ctx),
    "",
    "## Caveats",
    "",
    "- The three baselines are solved optimally for their own scheme (`no-early-exit` by best-shelf-packing with one exit; `no-batching` and `conventional`, tasks one at a time in deadline order, by the exact sequential kernel), so every gain is over a scheme at its best; the solve-time table counts any run a time limit left unproved.",
    `- The default DNN profile \`${DEFAULT_SCENARIO.profile}\` is derived, not measured: its latency is a measured whole-network curve split over five blocks by assumed shares, and its accuracies approximate published MSDNet results. The two ResNet-50 profiles are measured but have a single exit, so early exiting cannot help there. \`edge-alloc profile fit\` turns measurements of your own DNN into a profile, and \`sweep --profile FILE\` sweeps around it.`,
    "- One frame, one cell, one batch per frame, as in docs/model.md; no queueing across frames.",
    "",
  ];
  return lines.join("\n");
}
