/**
 * This sweep against an earlier one's summary.csv (same seeds and points):
 * how far each algorithm present in both moved, and which "double" verdicts
 * change because of it. Written for the day no-batching and conventional
 * became exact: the report keeps saying how much that moved the baselines.
 */
import type { Algorithm } from "../core/types.js";
import type { SweepPlan } from "./sweep-plan.js";
import { byPoint, type PointSummary } from "./sweep-stats.js";

export interface EarlierPoint {
  sweep: string;
  /** The point's value as summary.csv writes it. */
  value: string;
  algorithm: Algorithm;
  servedMean: number;
  throughputMean: number;
}

export interface EarlierRun {
  /** Where it came from, as the person gave it. */
  source: string;
  points: EarlierPoint[];
}

/** One CSV line into cells (quotes as sweep-csv.ts writes them). */
function csvCells(line: string): string[] {
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") cells.push(cell), (cell = "");
    else cell += ch;
  }
  cells.push(cell);
  return cells;
}

/** Parse a sweep's summary.csv; throws naming the missing column. */
export function parseSummaryCsv(text: string): EarlierPoint[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
  if (lines.length === 0) throw new Error("empty file");
  const header = csvCells(lines[0]);
  const column = (name: string) => {
    const at = header.indexOf(name);
    if (at < 0) throw new Error(`no column ${name} (is it a sweep's summary.csv?)`);
    return at;
  };
  const [sweep, value, algorithm, served, throughput] = ["sweep", "value", "algorithm", "served_mean", "throughput_per_s_mean"].map(column);
  return lines.slice(1).map((line) => {
    const cells = csvCells(line);
    return {
      sweep: cells[sweep],
      value: cells[value],
      algorithm: cells[algorithm] as Algorithm,
      servedMean: Number(cells[served]),
      throughputMean: Number(cells[throughput]),
    };
  });
}

const key = (sweep: string, value: unknown, algorithm: string) => `${sweep}\u0000${String(value)}\u0000${algorithm}`;
const signedPercent = (x: number) => `${x >= 0 ? "+" : ""}${(100 * x).toFixed(1)}%`;

export interface ComparedPair {
  scheme: Algorithm;
  baseline: Algorithm;
  label: string;
}

/** The report section: per algorithm how far it moved, then every verdict that flips. */
export function earlierRunSection(plan: SweepPlan, summaries: readonly PointSummary[], earlier: EarlierRun, pairs: readonly ComparedPair[]): string[] {
  const before = new Map(earlier.points.map((p) => [key(p.sweep, p.value, p.algorithm), p]));
  const then = (s: PointSummary) => before.get(key(s.sweep, s.value, s.algorithm));
  const isDefault = (s: PointSummary) => s.value === plan.definitions[s.sweep].baseValue;
  const lines = [
    `Compared with the earlier sweep in \`${earlier.source}\` (same seeds, same points), by ratio of mean throughput now to then:`,
    "",
    "| algorithm | points | at the default: served then → now | at the default | mean over points | largest change |",
    "| --- | ---: | ---: | ---: | ---: | ---: |",
  ];
  const moved = new Set<Algorithm>();
  for (const algorithm of plan.algorithms) {
    const matched = summaries.filter((s) => s.algorithm === algorithm && then(s) !== undefined);
    if (matched.length === 0) continue;
    const change = (s: PointSummary) => s.throughput.mean / then(s)!.throughputMean - 1;
    const changes = matched.map(change);
    const largest = matched.reduce((a, b) => (Math.abs(change(b)) > Math.abs(change(a)) ? b : a));
    const atDefault = matched.find(isDefault);
    if (changes.some((c) => Math.abs(c) > 1e-12)) moved.add(algorithm);
    lines.push(
      `| ${algorithm} | ${matched.length} | ${atDefault ? `${then(atDefault)!.servedMean.toFixed(1)} → ${atDefault.served.mean.toFixed(1)}` : ""} | ` +
        `${atDefault ? signedPercent(change(atDefault)) : ""} | ${signedPercent(changes.reduce((a, b) => a + b, 0) / changes.length)} | ` +
        `${signedPercent(change(largest))} (${plan.definitions[largest.sweep].describe(largest.value)}) |`,
    );
  }
  lines.push("");
  // A verdict (gain >= 2 or not) flips when the moved algorithm's old mean would have put the gain on the other side of 2.
  const grouped = byPoint(summaries);
  const flips: string[] = [];
  for (const pair of pairs.filter((p) => moved.has(p.scheme) || moved.has(p.baseline))) {
    let doubleThen = 0;
    let doubleNow = 0;
    let compared = 0;
    const changed: string[] = [];
    let defaultRatio: [number, number] | undefined;
    for (const point of plan.points) {
      const at = grouped.get(`${point.sweep}\u0000${point.index}`);
      const [scheme, baseline] = [at?.get(pair.scheme), at?.get(pair.baseline)];
      if (!scheme || !baseline) continue;
      const schemeThen = then(scheme)?.throughputMean ?? scheme.throughput.mean;
      const baselineThen = then(baseline)?.throughputMean ?? baseline.throughput.mean;
      const [ratioThen, ratioNow] = [schemeThen / baselineThen, scheme.throughput.mean / baseline.throughput.mean];
      compared++;
      if (point.value === plan.definitions[point.sweep].baseValue) defaultRatio = [ratioThen, ratioNow];
      if (ratioThen >= 2) doubleThen++;
      if (ratioNow >= 2) doubleNow++;
      if (ratioThen >= 2 !== ratioNow >= 2) {
        changed.push(`${plan.definitions[point.sweep].describe(point.value)} (${ratioThen.toFixed(2)}x → ${ratioNow.toFixed(2)}x)`);
      }
    }
    if (compared === 0) continue;
    const verdict = (r: number) => (r >= 2 ? "double" : "not double");
    const atDefault =
      defaultRatio === undefined
        ? ""
        : `; at the default ${defaultRatio[0].toFixed(2)}x → ${defaultRatio[1].toFixed(2)}x (${verdict(defaultRatio[0]) === verdict(defaultRatio[1]) ? `still ${verdict(defaultRatio[1])}` : `now ${verdict(defaultRatio[1])}`})`;
    flips.push(
      `- **${pair.label}**: double at ${doubleThen} → ${doubleNow} of ${compared} points${atDefault}` +
        (changed.length === 0 ? "; no verdict changes." : `; changed at ${changed.join("; ")}.`),
    );
  }
  if (flips.length > 0) lines.push('Where the paper\'s "double" holds, then → now:', "", ...flips);
  while (lines[lines.length - 1] === "") lines.pop();
  return lines;
}
