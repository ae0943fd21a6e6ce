/**
 * From measured block latencies to a DNN profile: read `block,batch,seconds`
 * rows (as a person would measure them, repeats allowed), keep the measured
 * points per block, and fit the paper's affine law t(b) = perSampleS * b +
 * fixedS to each block by least squares with non-negative coefficients (the
 * model requires both >= 0), reporting how far the law is from the points.
 * Every problem names the CSV line it comes from.
 */
import { InputError, type InputIssue } from "../core/errors.js";
import type { AffineLatency, Exit } from "../core/types.js";
import { validateInstance } from "../core/validate.js";

export interface LatencyRow {
  /** 1-based line number in the CSV file. */
  line: number;
  block: number;
  batch: number;
  seconds: number;
}

export interface AffineFit extends AffineLatency {
  /** Largest |measured - fitted| over the rows of the block, s. */
  maxResidualS: number;
  /** Root mean square of measured - fitted, s. */
  rmsResidualS: number;
  /** Rows the fit used. */
  samples: number;
}

export interface FittedExit extends Exit {
  /** Absent when the block was measured at a single batch size: one size fixes no slope. */
  fit?: AffineFit;
}

export interface FittedProfile {
  name: string;
  source: string;
  kind: string;
  maxBatch: number;
  exits: FittedExit[];
}

const COLUMNS = ["block", "batch", "seconds"] as const;

/** Twelve significant digits: far below any timer's resolution, and no 0.008400000000000001 in the file. */
const tidy = (x: number) => Number(x.toPrecision(12));
/** Residuals to the picosecond: an exact fit reads 0, not 8.7e-19. */
const picoseconds = (x: number) => Math.round(x * 1e12) / 1e12;

/** Parses the CSV; a header line naming block, batch and seconds (any order, extra columns ignored) is optional. */
export function parseLatencyCsv(text: string, file: string): LatencyRow[] {
  const issues: InputIssue[] = [];
  const at = (line: number) => `${file}:${line}`;
  const lines = text.split(/\r?\n/);
  let order: number[] | undefined;
  let width: number = COLUMNS.length;
  const rows: LatencyRow[] = [];
  lines.forEach((raw, i) => {
    const line = i + 1;
    const content = raw.trim();
    if (content === "" || content.startsWith("#")) return;
    const cells = content.split(",").map((c) => c.trim());
    const isFirst = order === undefined && rows.length === 0 && issues.length === 0;
    if (isFirst && cells.some((c) => c !== "" && !Number.isFinite(Number(c)))) {
      const names = cells.map((c) => c.toLowerCase());
      const missing = COLUMNS.filter((c) => !names.includes(c));
      if (missing.length > 0) {
        // Without the columns no row below can be read: stop at this one problem.
        throw new InputError([
          { path: at(line), message: `header must name the columns block, batch, seconds; missing ${missing.join(", ")} (times in seconds)` },
        ]);
      }
      order = COLUMNS.map((c) => names.indexOf(c));
      width = cells.length;
      return;
    }
    order ??= [0, 1, 2];
    if (cells.length !== width) {
      issues.push({ path: at(line), message: `expected ${width} comma-separated values, got ${cells.length}` });
      return;
    }
    const [blockText, batchText, secondsText] = order.map((c) => cells[c] ?? "");
    const number = (t: string) => (t === "" ? NaN : Number(t));
    const block = number(blockText);
    const batch = number(batchText);
    const seconds = number(secondsText);
    const before = issues.length;
    if (!Number.isInteger(block) || block < 1) issues.push({ path: at(line), message: `block must be a whole number >= 1, got "${blockText}"` });
    if (!Number.isInteger(batch) || batch < 1) issues.push({ path: at(line), message: `batch must be a whole number >= 1, got "${batchText}"` });
    if (!Number.isFinite(seconds) || seconds <= 0) issues.push({ path: at(line), message: `seconds must be a positive number, got "${secondsText}"` });
    if (issues.length === before) rows.push({ line, block, batch, seconds });
  });
  if (issues.length === 0 && rows.length === 0) issues.push({ path: file, message: "no measurements (expected block,batch,seconds rows)" });
  if (issues.length > 0) throw new InputError(issues);
  return rows;
}

/** Least squares over a >= 0, c >= 0 of sum (a x + c - y)^2: the unconstrained optimum, else the better feasible face. */
export function fitAffine(xs: readonly number[], ys: readonly number[]): AffineFit {
  const n = xs.length;
  const meanX = xs.reduce((s, x) => s + x, 0) / n;
  const meanY = ys.reduce((s, y) => s + y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (xs[i] - meanX) ** 2;
    sxy += (xs[i] - meanX) * (ys[i] - meanY);
  }
  const sse = (a: number, c: number) => xs.reduce((s, x, i) => s + (a * x + c - ys[i]) ** 2, 0);
  let best = { a: sxy / sxx, c: meanY - (sxy / sxx) * meanX };
  if (!(best.a >= 0 && best.c >= 0)) {
    // The optimum lies on a face: a = 0 (flat, c = mean) or c = 0 (through the origin).
    const flat = { a: 0, c: Math.max(0, meanY) };
    const sumXX = xs.reduce((s, x) => s + x * x, 0);
    const sumXY = xs.reduce((s, x, i) => s + x * ys[i], 0);
    const origin = { a: Math.max(0, sumXY / sumXX), c: 0 };
    best = sse(flat.a, flat.c) <= sse(origin.a, origin.c) ? flat : origin;
  }
  const residuals = xs.map((x, i) => ys[i] - (best.a * x + best.c));
  return {
    perSampleS: tidy(best.a),
    fixedS: tidy(best.c),
    maxResidualS: picoseconds(Math.max(...residuals.map(Math.abs))),
    rmsResidualS: picoseconds(Math.sqrt(residuals.reduce((s, r) => s + r * r, 0) / n)),
    samples: n,
  };
}

export interface FitOptions {
  /** Accuracy of each exit, block 1 first. */
  accuracies: readonly number[];
  name: string;
  source: string;
  /** By default the smallest last measured batch over the blocks. */
  maxBatch?: number;
  /** Write the affine fit as each block's latency instead of the measured points. */
  latency?: "points" | "affine";
}

export function fitProfile(rows: readonly LatencyRow[], file: string, options: FitOptions): FittedProfile {
  const at = (line: number) => `${file}:${line}`;
  const byBlock = new Map<number, LatencyRow[]>();
  for (const row of rows) {
    const list = byBlock.get(row.block);
    if (list) list.push(row);
    else byBlock.set(row.block, [row]);
  }
  const blockCount = Math.max(...byBlock.keys());
  const missing = Array.from({ length: blockCount }, (_, i) => i + 1).filter((b) => !byBlock.has(b));
  if (missing.length > 0) {
    throw new InputError([{ path: file, message: `no rows for block ${missing.join(", ")} (blocks run 1..${blockCount}, one per exit)` }]);
  }
  if (options.accuracies.length !== blockCount) {
    throw new InputError([
      {
        path: "--accuracies",
        message: `give one accuracy per block: ${blockCount} block${blockCount > 1 ? "s" : ""} measured, ${options.accuracies.length} accuracies given`,
      },
    ]);
  }

  const issues: InputIssue[] = [];
  const exits: FittedExit[] = [];
  for (let block = 1; block <= blockCount; block++) {
    const blockRows = byBlock.get(block)!;
    // Repeated measurements of one batch size are averaged into one point.
    const byBatch = new Map<number, LatencyRow[]>();
    for (const row of blockRows) byBatch.set(row.batch, [...(byBatch.get(row.batch) ?? []), row]);
    const points = [...byBatch.entries()]
      .sort(([a], [b]) => a - b)
      .map(([batch, list]) => ({ batch, seconds: tidy(list.reduce((s, r) => s + r.seconds, 0) / list.length), lines: list.map((r) => r.line) }));
    for (let i = 1; i < points.length; i++) {
      const [previous, current] = [points[i - 1], points[i]];
      if (current.seconds < previous.seconds) {
        const where = (p: typeof current) => (p.lines.length > 1 ? `the mean of lines ${p.lines.join(", ")}` : `line ${p.lines[0]}`);
        issues.push({
          path: at(current.lines[0]),
          message: `block ${block}: t(${current.batch}) = ${current.seconds} s${current.lines.length > 1 ? ` (${where(current)})` : ""} is less than t(${previous.batch}) = ${previous.seconds} s (${where(previous)}); latency must not decrease as the batch grows`,
        });
        break;
      }
    }
    const fit =
      byBatch.size > 1
        ? fitAffine(
            blockRows.map((r) => r.batch),
            blockRows.map((r) => r.seconds),
          )
        : undefined;
    const pairs = points.map((p) => [p.batch, p.seconds] as [number, number]);
    const latency = options.latency === "affine" && fit ? { perSampleS: fit.perSampleS, fixedS: fit.fixedS } : { points: pairs };
    exits.push({ accuracy: options.accuracies[block - 1], latency, ...(fit ? { fit } : {}) });
  }
  if (issues.length > 0) throw new InputError(issues);

  const lastMeasured = Math.min(...[...byBlock.values()].map((list) => Math.max(...list.map((r) => r.batch))));
  const maxBatch = options.maxBatch ?? lastMeasured;
  const profile: FittedProfile = {
    name: options.name,
    source: options.source,
    kind: `measured, ${blockCount === 1 ? "single exit" : `${blockCount} exits`}`,
    maxBatch,
    exits,
  };
  // The same rules every instance passes (accuracy in [0, 1], maxBatch within the points, ...), named by block.
  try {
    validateInstance({ channel: { bandwidthHz: 1, noisePsdWPerHz: 1 }, dnn: profile, users: [] });
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new InputError(
      error.issues.map((i) => ({
        path: i.path.startsWith("dnn.maxBatch")
          ? "--max-batch"
          : i.path.replace(/^dnn\.exits\[(\d+)\]/, (_, n) => `block ${Number(n) + 1}`).replace(/^dnn\./, ""),
        message: i.message,
      })),
    );
  }
  return profile;
}
