/** `edge-alloc sweep`: Monte Carlo sweeps around a scenario (by default the one of docs/model.md), CSV files, SVG plots and a report. */
import { readFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { Command, InvalidArgumentError, Option } from "commander";
import { type CliIo, makeOutputFolder, parseNumberArg, processIo } from "./io.js";
import { loadProfile } from "./profile.js";
import { InputError, ScenarioError } from "../core/errors.js";
import type { RunRow } from "../experiments/sweep-job.js";
import type { EarlierRun } from "../experiments/sweep-compare.js";
import {
  DEFAULT_ALGORITHMS,
  SWEEP_ALGORITHMS,
  SWEEP_NAMES,
  planSweep,
  type PointValue,
  type SweepName,
  type SweepPlan,
  type SweepProfile,
} from "../experiments/sweep-plan.js";
import { scenarioLabel } from "../experiments/sweep-report.js";
import { DEFAULT_SCENARIO, type ScenarioParams } from "../scenarios/generate.js";
import { PROFILES } from "../scenarios/profiles.js";
import { byPoint, gain, type PointSummary } from "../experiments/sweep-stats.js";
import { renderTable } from "./format.js";
import type { Algorithm, EngineChoice } from "../core/types.js";
import { ENGINE_CHOICES } from "../core/engine-choices.js";

interface SweepFlags {
  runs: number;
  seed: number;
  sweeps: SweepName[];
  values?: string[];
  algorithms: Algorithm[];
  out: string;
  workers: number;
  engine: EngineChoice;
  timeLimitMs: number;
  profile?: string;
  set: Array<[keyof ScenarioParams, number]>;
  json?: boolean;
  compareWith?: string;
}

/** Scenario parameters `--set` may change: every numeric one but the seed (runs choose seeds). */
export const SETTABLE: ReadonlyArray<keyof ScenarioParams> = (Object.keys(DEFAULT_SCENARIO) as Array<keyof ScenarioParams>)
  .concat(["accuracyMin", "accuracyMax", "maxBatch", "frameS"])
  .filter((key) => key !== "seed" && key !== "profile");

/** `--set key=value`, repeatable: collects [key, value] pairs. */
export function assignmentArg(text: string, previous: Array<[keyof ScenarioParams, number]>): Array<[keyof ScenarioParams, number]> {
  const match = /^\s*([A-Za-z]+)\s*=\s*(.+)$/.exec(text);
  if (!match) throw new InvalidArgumentError(`expected key=value, got "${text}".`);
  const key = match[1] as keyof ScenarioParams;
  if (!SETTABLE.includes(key)) throw new InvalidArgumentError(`unknown parameter "${key}"; one of ${SETTABLE.join(", ")}.`);
  return [...previous, [key, parseNumberArg(match[2])]];
}

/** The base profile when it is a file (undefined for a preset): as `profile show` reads it, under a name no preset has. */
export async function sweepProfile(nameOrFile: string, io: CliIo): Promise<SweepProfile | undefined> {
  const { preset, ...profile } = await loadProfile(nameOrFile, io, "--profile");
  if (preset) return undefined;
  if (Object.hasOwn(PROFILES, profile.name)) {
    throw new InputError([{ path: "--profile", message: `${nameOrFile} is named "${profile.name}", the name of a preset; give it another name` }]);
  }
  return { ...profile, source: profile.source ?? `profile file ${nameOrFile}` };
}

export const wholeNumberArg = (least: number) => (text: string) => {
  const value = parseNumberArg(text);
  if (!Number.isInteger(value) || value < least) throw new InvalidArgumentError(`expected a whole number >= ${least}, got "${text}".`);
  return value;
};

/** A comma-separated list whose items must come from `known`. */
export const listArg =
  <T extends string>(known: readonly T[]) =>
  (text: string): T[] => {
    const items = text
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s !== "");
    const unknown = items.filter((s) => !known.includes(s as T));
    if (items.length === 0 || unknown.length > 0) {
      throw new InvalidArgumentError(`expected a comma-separated list of ${known.join(", ")}${unknown.length ? `; unknown: ${unknown.join(", ")}` : ""}.`);
    }
    return [...new Set(items)] as T[];
  };

function parseValues(sweep: SweepName, texts: string[]): PointValue[] {
  if (sweep === "profile") return texts;
  return texts.map((text) => {
    const value = text.trim() === "" ? NaN : Number(text);
    if (!Number.isFinite(value)) throw new InputError([{ path: "--values", message: `expected numbers for sweep ${sweep}, got "${text}"` }]);
    return value;
  });
}

/** The flags that decide the results (not --out, --workers, --json), so the report can say how to get them again. */
function reproducingCommand(flags: SweepFlags): string {
  const parts = ["edge-alloc sweep", `--runs ${flags.runs}`, `--seed ${flags.seed}`];
  if (flags.profile !== undefined) parts.push(`--profile ${flags.profile}`);
  for (const [key, value] of flags.set) parts.push(`--set ${key}=${value}`);
  parts.push(`--sweeps ${flags.sweeps.join(",")}`);
  if (flags.values) parts.push(`--values ${flags.values.join(",")}`);
  parts.push(`--algorithms ${flags.algorithms.join(",")}`);
  if (flags.engine !== "auto") parts.push(`--engine ${flags.engine}`);
  if (flags.timeLimitMs > 0) parts.push(`--time-limit-ms ${flags.timeLimitMs}`);
  if (flags.compareWith !== undefined) parts.push(`--compare-with ${flags.compareWith}`);
  return parts.join(" ");
}

/** `--compare-with`: read and parse before any solving, so a bad file fails fast with exit 2. */
async function readEarlierRun(path: string): Promise<EarlierRun> {
  const { parseSummaryCsv } = await import("../experiments/sweep-compare.js");
  try {
    return { source: path, points: parseSummaryCsv(await readFile(path, "utf8")) };
  } catch (error) {
    throw new InputError([{ path: "--compare-with", message: `cannot use ${path}: ${error instanceof Error ? error.message : String(error)}` }]);
  }
}

/** What a person sees after a sweep: the base point (or the first), each scheme's throughput and gain over conventional. */
function headlineTable(plan: SweepPlan, summaries: readonly PointSummary[]): string {
  const points = [...byPoint(summaries).values()];
  const isBase = (s: PointSummary) => s.value === plan.definitions[s.sweep].baseValue;
  const at = points.find((p) => [...p.values()].some(isBase)) ?? points[0];
  if (!at) return "";
  const first = [...at.values()][0];
  const conventional = at.get("conventional");
  const rows = plan.algorithms.flatMap((a) => {
    const s = at.get(a);
    if (!s) return [];
    return [
      [
        a,
        `${s.throughput.mean.toFixed(1)} ± ${s.throughput.ci95.toFixed(1)}`,
        s.served.mean.toFixed(1),
        conventional ? `${gain(s, conventional).ratio.toFixed(2)}x` : "",
      ],
    ];
  });
  const title = `${plan.definitions[first.sweep].describe(first.value)}${isBase(first) ? ` (${scenarioLabel(plan)})` : ""}, ${first.throughput.n} runs:`;
  return `${title}\n${renderTable(["algorithm", "tasks/s (95% CI)", "served", "vs conventional"], rows, ["left", "right", "right", "right"])}\n`;
}

const plainSummary = (s: PointSummary) => {
  const { servedBySeed, ...rest } = s;
  void servedBySeed;
  return rest;
};

function planFromFlags(flags: SweepFlags, profile: SweepProfile | undefined): SweepPlan {
  if (flags.values && flags.sweeps.length !== 1) {
    throw new InputError([{ path: "--values", message: `replaces the values of one sweep; pick one with --sweeps (${flags.sweeps.length} selected)` }]);
  }
  const values = flags.values ? parseValues(flags.sweeps[0], flags.values) : undefined;
  try {
    const base: Partial<ScenarioParams> = Object.fromEntries(flags.set);
    if (flags.profile !== undefined && profile === undefined) base.profile = flags.profile;
    return planSweep({
      base,
      profile,
      sweeps: flags.sweeps,
      values,
      runs: flags.runs,
      firstSeed: flags.seed,
      algorithms: flags.algorithms,
      engine: flags.engine,
      timeLimitMs: flags.timeLimitMs,
    });
  } catch (error) {
    // Name the flag the bad value came from, and the parameter it sets.
    if (error instanceof ScenarioError) {
      const fromSet = (path: string) => flags.set.some(([key]) => key === path);
      throw new InputError(error.issues.map((i) => ({ path: fromSet(i.path) ? "--set" : "--values", message: `${i.path}: ${i.message}` })));
    }
    throw error;
  }
}

export function sweepCommand(io: CliIo): Command {
  return new Command("sweep")
    .description(
      "Monte Carlo sweeps around the default scenario (or a base set by --set and --profile), one parameter at a time: writes runs.csv, summary.csv, one SVG plot per sweep and report.md",
    )
    .addOption(new Option("--runs <n>", "seeded instances per point").argParser(wholeNumberArg(1)).default(100))
    .addOption(new Option("--seed <s>", "first seed; runs use seeds s, s+1, ... at every point").argParser(wholeNumberArg(0)).default(1))
    .addOption(new Option("--sweeps <list>", `sweeps to run (${SWEEP_NAMES.join(", ")})`).argParser(listArg(SWEEP_NAMES)).default([...SWEEP_NAMES], "all"))
    .addOption(new Option("--values <list>", "replace the swept values (one sweep only), in the unit of its axis").argParser((t) => t.split(",")))
    .addOption(
      new Option("--algorithms <list>", `algorithms to compare (${SWEEP_ALGORITHMS.join(", ")})`)
        .argParser(listArg(SWEEP_ALGORITHMS))
        .default([...DEFAULT_ALGORITHMS], DEFAULT_ALGORITHMS.join(",")),
    )
    .addOption(new Option("--profile <name|file>", "base DNN profile: a preset or a profile JSON file (e.g. from `profile fit`)"))
    .addOption(
      new Option("--set <key=value>", `change a base scenario parameter, repeatable (${SETTABLE.join(", ")}; SI units)`)
        .argParser(assignmentArg)
        .default([], "none"),
    )
    .addOption(new Option("--out <dir>", "folder for the CSV files, plots and report").default("results/experiments"))
    .addOption(
      new Option("--workers <n>", "worker threads (0: run in this thread)").argParser(wholeNumberArg(0)).default(availableParallelism(), "one per core"),
    )
    .addOption(new Option("--engine <engine>", "where the kernels run").choices(ENGINE_CHOICES).default("auto"))
    .addOption(
      new Option("--time-limit-ms <ms>", "time limit of each solve (0: none; a limit can make results depend on the machine)")
        .argParser(wholeNumberArg(0))
        .default(0),
    )
    .option("--json", "print the files written and every point's summary as one JSON object")
    .addOption(new Option("--compare-with <summary.csv>", "an earlier sweep's summary.csv (same seeds): the report says how far each algorithm moved since"))
    .action(async (flags: SweepFlags) => {
      const plan = planFromFlags(flags, flags.profile === undefined ? undefined : await sweepProfile(flags.profile, io));
      await makeOutputFolder(flags.out);
      const earlier = flags.compareWith === undefined ? undefined : await readEarlierRun(flags.compareWith);
      // Loaded here: the engines, the worker pool and vega are for sweeps only.
      const { runSweep } = await import("../experiments/run-sweep.js");
      const { terminalProgress } = await import("../experiments/progress.js");
      const progress = io === processIo ? terminalProgress(process.stderr) : undefined;
      let result: { rows: RunRow[]; summaries: PointSummary[]; files: string[] };
      try {
        result = await runSweep({
          plan,
          outDir: flags.out,
          workers: flags.workers,
          command: reproducingCommand(flags),
          earlier,
          onProgress: progress ? (done, total) => progress.update(done, total) : undefined,
        });
      } finally {
        progress?.stop();
      }
      if (flags.json) {
        io.out(`${JSON.stringify({ files: result.files, summary: result.summaries.map(plainSummary) }, null, 2)}\n`);
        return;
      }
      io.out(`${headlineTable(plan, result.summaries)}\nwrote ${result.files.join(", ")}\n`);
    });
}
