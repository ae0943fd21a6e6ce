/** `edge-alloc simulate`: many frames of one cell with random arrivals and fading; CSV files, SVG plots and a report. */
import { availableParallelism } from "node:os";
import { Command, InvalidArgumentError, Option } from "commander";
import { type CliIo, makeOutputFolder, parseNumberArg, processIo } from "./io.js";
import { renderTable } from "./format.js";
import { assignmentArg, listArg, SETTABLE, sweepProfile, wholeNumberArg } from "./sweep.js";
import { InputError, ScenarioError } from "../core/errors.js";
import type { Algorithm, EngineChoice } from "../core/types.js";
import { ENGINE_CHOICES } from "../core/engine-choices.js";
import type { ScenarioParams } from "../scenarios/generate.js";
import type { Policy } from "../simulation/frames.js";
import {
  DEFAULT_SIMULATION_ALGORITHMS,
  POLICIES,
  SIMULATION_ALGORITHMS,
  SIMULATION_DEFAULTS,
  SIMULATION_LIMITS,
  resolveSimulation,
  type SimulationConfig,
  type SimulationScenario,
} from "../simulation/simulate.js";
import { HEADLINE_HEADERS, headlineRows } from "../experiments/simulation-report.js";

interface SimulateFlags {
  users: number;
  frames: number;
  frameMs: number;
  arrivalRate: number;
  policy: Policy;
  algorithms: Algorithm[];
  seed: number;
  out: string;
  workers: number;
  engine: EngineChoice;
  timeLimitMs: number;
  profile?: string;
  set: Array<[keyof ScenarioParams, number]>;
  fairness: number[];
  json?: boolean;
}

/** The flag each option of simulate() comes from, to name it in errors. */
const FLAG_OF: Record<string, string> = {
  users: "--users",
  frames: "--frames",
  frameS: "--frame-ms",
  arrivalRatePerS: "--arrival-rate",
  seed: "--seed",
  timeLimitMs: "--time-limit-ms",
  fairness: "--fairness",
  algorithms: "--algorithms",
};

const limit = (n: number) => n.toLocaleString("en-US");

/** The simulation has its own flags for these; --set would hide them. */
const OWN_FLAGS: Partial<Record<keyof ScenarioParams, string>> = { users: "--users", frameS: "--frame-ms" };

const positiveNumberArg = (text: string) => {
  const value = parseNumberArg(text);
  if (!(value > 0)) throw new InvalidArgumentError(`expected a positive number, got "${text}".`);
  return value;
};

const nonNegativeNumberArg = (text: string) => {
  const value = parseNumberArg(text);
  if (value < 0) throw new InvalidArgumentError(`expected a number >= 0, got "${text}".`);
  return value;
};

/** --fairness: one alpha or a comma-separated list, each >= 0; sorted, without repeats. */
const alphasArg = (text: string) => {
  const values = text.split(",").map((t) => t.trim());
  const alphas = values.map((t) => (t === "" ? Number.NaN : Number(t)));
  if (alphas.some((a) => !(Number.isFinite(a) && a >= 0))) throw new InvalidArgumentError(`expected numbers >= 0 separated by commas, got "${text}".`);
  return [...new Set(alphas)].sort((a, b) => a - b);
};

/** The flags that decide the results (not --out, --workers, --json), so the report can say how to get them again. */
function reproducingCommand(flags: SimulateFlags): string {
  const parts = [
    "edge-alloc simulate",
    `--users ${flags.users}`,
    `--frames ${flags.frames}`,
    `--frame-ms ${flags.frameMs}`,
    `--arrival-rate ${flags.arrivalRate}`,
    `--policy ${flags.policy}`,
    `--seed ${flags.seed}`,
  ];
  if (flags.profile !== undefined) parts.push(`--profile ${flags.profile}`);
  for (const [key, value] of flags.set) parts.push(`--set ${key}=${value}`);
  parts.push(`--algorithms ${flags.algorithms.join(",")}`);
  if (flags.engine !== "auto") parts.push(`--engine ${flags.engine}`);
  if (flags.timeLimitMs > 0) parts.push(`--time-limit-ms ${flags.timeLimitMs}`);
  if (flags.fairness.some((a) => a > 0)) parts.push(`--fairness ${flags.fairness.join(",")}`);
  return parts.join(" ");
}

async function configFromFlags(flags: SimulateFlags, io: CliIo, fairness = 0): Promise<SimulationConfig> {
  for (const [key] of flags.set) {
    const own = OWN_FLAGS[key];
    if (own) throw new InputError([{ path: "--set", message: `${key}: use ${own} to set it` }]);
  }
  const profile = flags.profile === undefined ? undefined : await sweepProfile(flags.profile, io);
  const scenario: SimulationScenario = Object.fromEntries(flags.set);
  if (flags.profile !== undefined && profile === undefined) scenario.profile = flags.profile;
  try {
    return resolveSimulation({
      users: flags.users,
      frames: flags.frames,
      frameS: flags.frameMs / 1e3,
      arrivalRatePerS: flags.arrivalRate,
      policy: flags.policy,
      algorithms: flags.algorithms,
      seed: flags.seed,
      scenario,
      dnn: profile,
      engine: flags.engine,
      timeLimitMs: flags.timeLimitMs,
      fairness,
    });
  } catch (error) {
    // Name the flag the bad value came from, and the parameter it sets.
    if (error instanceof ScenarioError) {
      throw new InputError(error.issues.map((i) => ({ path: i.path === "profile" ? "--profile" : "--set", message: `${i.path}: ${i.message}` })));
    }
    if (error instanceof InputError) throw new InputError(error.issues.map((i) => ({ path: FLAG_OF[i.path] ?? i.path, message: i.message })));
    throw error;
  }
}

export function simulateCommand(io: CliIo): Command {
  return new Command("simulate")
    .description(
      "online operation: many frames of one cell (the default scenario's users, Poisson arrivals, fading anew each frame), every algorithm on the same trace; writes frames.csv, summary.csv, users.csv, SVG plots and report.md (the model of a frame: docs/model.md)",
    )
    .addOption(
      new Option("--users <n>", `users in the cell (at most ${limit(SIMULATION_LIMITS.users)})`)
        .argParser(wholeNumberArg(1))
        .default(SIMULATION_DEFAULTS.users),
    )
    .addOption(
      new Option(
        "--frames <n>",
        `frames to simulate (at most ${limit(SIMULATION_LIMITS.frames)}, and users x rate x frames x frame length at most ${limit(SIMULATION_LIMITS.tasks)} tasks)`,
      )
        .argParser(wholeNumberArg(1))
        .default(SIMULATION_DEFAULTS.frames),
    )
    .addOption(new Option("--frame-ms <ms>", "frame length F in ms").argParser(positiveNumberArg).default(SIMULATION_DEFAULTS.frameS * 1e3))
    .addOption(
      new Option(
        "--arrival-rate <r>",
        `Poisson arrivals per user per second (at most ${limit(SIMULATION_LIMITS.arrivalRatePerS)}, and users x rate x frame length at most ${limit(SIMULATION_LIMITS.tasksPerFrame)} tasks a frame)`,
      )
        .argParser(nonNegativeNumberArg)
        .default(SIMULATION_DEFAULTS.arrivalRatePerS),
    )
    .addOption(
      new Option("--policy <policy>", "unserved tasks wait while their deadline can be met (defer) or leave (drop)")
        .choices(POLICIES)
        .default(SIMULATION_DEFAULTS.policy),
    )
    .addOption(
      new Option("--algorithms <list>", `algorithms to compare (${SIMULATION_ALGORITHMS.join(", ")})`)
        .argParser(listArg(SIMULATION_ALGORITHMS))
        .default([...DEFAULT_SIMULATION_ALGORITHMS], DEFAULT_SIMULATION_ALGORITHMS.join(",")),
    )
    .addOption(new Option("--seed <s>", "seeds the cell and the trace of arrivals and fading").argParser(wholeNumberArg(0)).default(SIMULATION_DEFAULTS.seed))
    .addOption(new Option("--profile <name|file>", "DNN profile: a preset or a profile JSON file (e.g. from `profile fit`)"))
    .addOption(
      new Option("--set <key=value>", `change a scenario parameter, repeatable (${SETTABLE.filter((k) => !OWN_FLAGS[k]).join(", ")}; SI units)`)
        .argParser(assignmentArg)
        .default([], "none"),
    )
    .addOption(new Option("--out <dir>", "folder for the CSV files, plots and report").default("results/simulation"))
    .addOption(
      new Option("--workers <n>", "worker threads (0: run in this thread)").argParser(wholeNumberArg(0)).default(availableParallelism(), "one per core"),
    )
    .addOption(new Option("--engine <engine>", "where the kernels run").choices(ENGINE_CHOICES).default("auto"))
    .addOption(
      new Option(
        "--time-limit-ms <ms>",
        "time limit of each frame's solve (0: none; tree and milp need one on a loaded cell, e.g. the frame length; a limit can make results depend on the machine)",
      )
        .argParser(wholeNumberArg(0))
        .default(0),
    )
    .addOption(
      new Option(
        "--fairness <alpha>",
        "fairness exponent alpha >= 0, or a list (e.g. 0,0.5,1,2,4): each frame a user's tasks weigh (r + 0.1/s)^-alpha, r its completed tasks/s averaged over 50 frames; with alpha > 0, one run per alpha and alpha 0, in alpha-<alpha>/ folders, and fairness.md comparing them (tree does not take weights)",
      )
        .argParser(alphasArg)
        .default([0], "0"),
    )
    .option("--json", "print the files written and each algorithm's summary as one JSON object")
    .action(async (flags: SimulateFlags) => {
      if (flags.fairness.some((a) => a > 0)) return fairnessSweep(flags, io);
      const config = await configFromFlags(flags, io);
      await makeOutputFolder(flags.out);
      // Loaded here: worker threads and vega are for this command only.
      const { runSimulation } = await import("../experiments/simulation-write.js");
      const { terminalProgress } = await import("../experiments/progress.js");
      const progress = io === processIo ? terminalProgress(process.stderr, 1000, { name: "simulate", unit: "frames" }) : undefined;
      let run: Awaited<ReturnType<typeof runSimulation>>;
      try {
        run = await runSimulation({
          config,
          outDir: flags.out,
          workers: flags.workers,
          command: reproducingCommand(flags),
          onProgress: progress ? (done, total) => progress.update(done, total) : undefined,
        });
      } finally {
        progress?.stop();
      }
      if (flags.json) {
        io.out(`${JSON.stringify({ files: run.files, wallS: run.wallS, summary: run.result.summaries }, null, 2)}\n`);
        return;
      }
      const table = renderTable(HEADLINE_HEADERS, headlineRows(run.result.summaries), ["left", "right", "right", "right", "right", "right", "right", "right"]);
      io.out(`${table}\nsimulated in ${run.wallS.toFixed(1)} s; wrote ${run.files.join(", ")}\n`);
    });
}

/** --fairness with some alpha > 0: one simulation per alpha (alpha 0 always among them) and fairness.md comparing them. */
async function fairnessSweep(flags: SimulateFlags, io: CliIo): Promise<void> {
  const alphas = flags.fairness.includes(0) ? flags.fairness : [0, ...flags.fairness];
  const configs = [];
  for (const alpha of alphas) configs.push(await configFromFlags(flags, io, alpha));
  await makeOutputFolder(flags.out);
  const { runSimulation } = await import("../experiments/simulation-write.js");
  const { renderSvg } = await import("../experiments/sweep-plot.js");
  const { openOutputFolder } = await import("../experiments/output-folder.js");
  const fairness = await import("../experiments/fairness-report.js");
  const points = [];
  const files: string[] = [];
  let wallS = 0;
  const command = reproducingCommand(flags);
  for (const [i, config] of configs.entries()) {
    const run = await runSimulation({ config, outDir: `${flags.out}/alpha-${alphas[i]}`, workers: flags.workers, command });
    points.push({ alpha: alphas[i], summaries: run.result.summaries });
    files.push(...run.files);
    wallS += run.wallS;
  }
  const rows = fairness.fairnessRows(points);
  const subtitle = `${flags.users} users, ${flags.arrivalRate} tasks/s each, frame ${flags.frameMs} ms, ${flags.frames} frames, seed ${flags.seed}${flags.set.map(([k, v]) => `, ${k} = ${v}`).join("")}`;
  const out = await openOutputFolder(flags.out);
  await out.write("fairness.md", fairness.fairnessMarkdown(rows, command, "fairness.svg"));
  await out.write("fairness.csv", fairness.fairnessCsv(rows));
  await out.write("fairness.svg", `${await renderSvg(fairness.fairnessPlotSpec(rows, subtitle))}\n`);
  files.unshift(...out.files);
  if (flags.json) {
    io.out(`${JSON.stringify({ files, wallS, fairness: rows }, null, 2)}\n`);
    return;
  }
  const table = renderTable(fairness.FAIRNESS_HEADERS, fairness.fairnessTableRows(rows), [
    "right",
    "left",
    "right",
    "right",
    "right",
    "right",
    "right",
    "right",
  ]);
  io.out(`${table}\nsimulated in ${wallS.toFixed(1)} s; wrote ${files.length} files, ${flags.out}/fairness.md first\n`);
}
