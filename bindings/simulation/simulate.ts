/**
 * simulate(): many frames of one cell. Tasks arrive at random, channels fade
 * from frame to frame, and each algorithm schedules every frame's pending
 * tasks on the same trace (common random numbers), so the differences between
 * algorithms are theirs alone. The model of a frame is the one solve() takes
 * (docs/model.md); this adds time around it.
 *
 * Pure computation (no node:* imports, no worker threads, no plotting): the
 * package root exports simulate(), and a browser build may reach it. Files,
 * plots and worker threads are the CLI's (bindings/cli/simulate.ts).
 */
import { InputError, type InputIssue } from "../core/errors.js";
import { ALGORITHMS, type Algorithm, type Dnn, type EngineChoice } from "../core/types.js";
import { accuracyRange, generateInstance, scenarioParams, type ScenarioParams } from "../scenarios/generate.js";
import { runFrames, type AlgorithmRun, type FrameRecord, type FrameRow, type FrameSetup, type Policy } from "./frames.js";
import { summariseRun, summariseUsers, type AlgorithmSummary, type UserSummary } from "./statistics.js";
import { drawCell, drawTrace, type CellUser, type TraceParams } from "./trace.js";

export const SIMULATION_ALGORITHMS: readonly Algorithm[] = ALGORITHMS;
/** The algorithms `simulate` compares by default: the joint scheme (exact and greedy) and the three conventional schemes. */
export const DEFAULT_SIMULATION_ALGORITHMS: readonly Algorithm[] = ["exact", "greedy", "no-early-exit", "no-batching", "conventional"];
export const POLICIES: readonly Policy[] = ["defer", "drop"];
/** The algorithms that honour users' weights (the others refuse them), so the ones a fair simulation can run. */
export const WEIGHTED_ALGORITHMS: readonly Algorithm[] = ["exact", "greedy", "bsp", "milp", "no-early-exit", "no-batching", "conventional"];

/** Scenario parameters a simulation takes from the generator; users, seed and the frame are its own options. */
export type SimulationScenario = Partial<Omit<ScenarioParams, "users" | "seed" | "frameS">>;

/** The options of `simulate`; every one has a default. */
export interface SimulationOptions {
  /** Users in the cell (default 60). */
  users?: number;
  /** Frames to simulate (default 1000). */
  frames?: number;
  /** Frame length F, s (default 0.1). */
  frameS?: number;
  /** Poisson arrival rate R per user, tasks/s (default 5). */
  arrivalRatePerS?: number;
  /** What happens to a task a frame does not serve: wait while its deadline can still be met, or leave (default defer). */
  policy?: Policy;
  /** Algorithms to compare, all on the same trace (default the five schemes of the experiments). */
  algorithms?: readonly Algorithm[];
  /** Seeds the cell and the trace (default 1). */
  seed?: number;
  /** Other parameters of the default scenario (bandwidthHz, deadlineScale, profile, ...), SI units. */
  scenario?: SimulationScenario;
  /** A DNN profile in place of the scenario's preset (e.g. one `profile fit` wrote). */
  dnn?: Dnn;
  /** Where the kernels run (default `auto`). */
  engine?: EngineChoice;
  /** Time limit of each frame's solve, ms; 0 (default) for none, so results do not depend on the machine. */
  timeLimitMs?: number;
  /**
   * The fairness exponent alpha >= 0 (default 0: the most tasks every frame). Each frame a user's tasks weigh
   * (r + 0.1 tasks/s)^-alpha, r its completed tasks per second averaged over 50 frames: 1 is proportional
   * fairness, large alpha tends to max-min. Needs algorithms that take weights (all but tree).
   */
  fairness?: number;
  /** A fixed weight per user of the cell (by index; default 1), multiplying the fairness weight. */
  userWeights?: readonly number[];
  /** Called after every frame with its instance and Solution, e.g. to check or log each schedule. */
  onFrame?: (record: FrameRecord) => void;
}

/** Everything that decides a simulation's results, checked and completed: plain data, so it can go to a worker thread. */
export interface SimulationConfig {
  /** Frames to simulate. */
  frames: number;
  /** Frame length, s. */
  frameS: number;
  /** Poisson arrival rate per user, tasks/s. */
  arrivalRatePerS: number;
  /** What happens to the tasks a frame leaves unserved. */
  policy: Policy;
  /** The algorithms compared, without repeats. */
  algorithms: Algorithm[];
  /** The generator's parameters of the cell, defaults filled in. */
  scenario: ScenarioParams;
  /** The DNN every task runs on (the profile's, or the one given). */
  dnn: Dnn;
  /** The range the tasks' accuracy requirements are drawn from, its defaults applied. */
  accuracyRange: [number, number];
  /** What every frame shares. */
  setup: FrameSetup;
}

/** What `simulate` returns. */
export interface SimulationResult {
  /** The options as resolved: defaults filled in, the scenario and DNN complete. */
  config: SimulationConfig;
  /** The users of the cell: where they are and their mean channel gain. */
  cell: CellUser[];
  /** Every frame of every algorithm, algorithm by algorithm in the order asked. */
  frames: FrameRow[];
  /** One per algorithm: throughput, completion, latency, solve times, fairness. */
  summaries: AlgorithmSummary[];
  /** One per algorithm and user: the user's tasks and how many completed. */
  users: UserSummary[];
  /** Each algorithm's frames and the fate of every task. */
  runs: AlgorithmRun[];
}

export const SIMULATION_DEFAULTS = Object.freeze({ users: 60, frames: 1000, frameS: 0.1, arrivalRatePerS: 5, policy: "defer" as Policy, seed: 1 });

/**
 * The largest run simulate() takes, so that a run ends within minutes and a
 * few GB instead of running for hours or out of memory. A run keeps every
 * task it draws: `edge-alloc simulate` with its worker threads, CSV files and
 * plots peaks at about 6.5 KB per task (10,000 frames of the default cell,
 * 300,000 tasks, five algorithms: 1.9 GB and 3 minutes on 2 cores), so
 * 500,000 tasks stay near 3 GB. Each frame's solve grows with the tasks
 * offered in it: 5,000 a frame (10,000 users at 5 tasks/s) take 0.1-0.15 s a
 * frame per algorithm.
 */
export const SIMULATION_LIMITS = Object.freeze({
  users: 10_000,
  frames: 100_000,
  arrivalRatePerS: 1_000,
  /** users x arrivalRatePerS x frameS: the tasks offered in one frame. */
  tasksPerFrame: 10_000,
  /** users x arrivalRatePerS x frames x frameS: the tasks offered over the run. */
  tasks: 500_000,
});

const dbmToW = (dbm: number) => 10 ** ((dbm - 30) / 10);

const count = (n: number) => Math.round(n).toLocaleString("en-US");

/** The caps of SIMULATION_LIMITS, on options that are otherwise valid. */
function checkLimits(issues: InputIssue[], users: number, frames: number, frameS: number, arrivalRatePerS: number): void {
  const L = SIMULATION_LIMITS;
  const cap = (path: string, value: number, limit: number, why: string) => {
    if (value > limit) issues.push({ path, message: `must be at most ${count(limit)} (${why}), got ${String(value)}` });
  };
  cap("users", users, L.users, "a frame's solve grows with the users");
  cap("frames", frames, L.frames, "a run keeps every task it draws");
  cap("arrivalRatePerS", arrivalRatePerS, L.arrivalRatePerS, "tasks per user per second");
  if (issues.length > 0) return;
  const perFrame = users * arrivalRatePerS * frameS;
  const total = perFrame * frames;
  if (perFrame > L.tasksPerFrame) {
    issues.push({
      path: "arrivalRatePerS",
      message: `offers ${count(perFrame)} tasks a frame (users x arrival rate x frame length), more than ${count(L.tasksPerFrame)}: fewer users, a lower rate or shorter frames`,
    });
  } else if (total > L.tasks) {
    issues.push({
      path: "frames",
      message: `offers ${count(total)} tasks in all (users x arrival rate x frames x frame length), more than the ${count(L.tasks)} a run may hold in memory: fewer frames, users or a lower rate`,
    });
  }
}

function checkNumber(issues: InputIssue[], path: string, value: number, ok: boolean, what: string) {
  if (!ok) issues.push({ path, message: `must be ${what}, got ${String(value)}` });
}

/** Checks the options and fills in defaults; an InputError names every bad option. */
export function resolveSimulation(options: SimulationOptions = {}): SimulationConfig {
  const users = options.users ?? SIMULATION_DEFAULTS.users;
  const frames = options.frames ?? SIMULATION_DEFAULTS.frames;
  const frameS = options.frameS ?? SIMULATION_DEFAULTS.frameS;
  const arrivalRatePerS = options.arrivalRatePerS ?? SIMULATION_DEFAULTS.arrivalRatePerS;
  const policy = options.policy ?? SIMULATION_DEFAULTS.policy;
  const seed = options.seed ?? SIMULATION_DEFAULTS.seed;
  const algorithms = [...new Set(options.algorithms ?? DEFAULT_SIMULATION_ALGORITHMS)];
  const timeLimitMs = options.timeLimitMs ?? 0;
  const issues: InputIssue[] = [];
  checkNumber(issues, "users", users, Number.isInteger(users) && users >= 1, "a whole number >= 1");
  checkNumber(issues, "frames", frames, Number.isInteger(frames) && frames >= 1, "a whole number >= 1");
  checkNumber(issues, "frameS", frameS, Number.isFinite(frameS) && frameS > 0, "a positive number of seconds");
  checkNumber(
    issues,
    "arrivalRatePerS",
    arrivalRatePerS,
    Number.isFinite(arrivalRatePerS) && arrivalRatePerS >= 0,
    "a number >= 0 (tasks per user per second)",
  );
  checkNumber(issues, "seed", seed, Number.isInteger(seed), "an integer");
  checkNumber(issues, "timeLimitMs", timeLimitMs, timeLimitMs >= 0, "a number of milliseconds >= 0");
  const fairness = options.fairness ?? 0;
  checkNumber(issues, "fairness", fairness, Number.isFinite(fairness) && fairness >= 0, "a finite number >= 0");
  const userWeights = options.userWeights;
  if (userWeights !== undefined) {
    if (userWeights.length !== users) issues.push({ path: "userWeights", message: `must give one weight per user (${users}), got ${userWeights.length}` });
    userWeights.forEach((w, k) => checkNumber(issues, `userWeights[${k}]`, w, Number.isFinite(w) && w > 0, "a positive finite number"));
  }
  if (!POLICIES.includes(policy)) issues.push({ path: "policy", message: `must be defer or drop, got ${JSON.stringify(policy)}` });
  const unknown = algorithms.filter((a) => !SIMULATION_ALGORITHMS.includes(a));
  if (algorithms.length === 0 || unknown.length > 0) {
    issues.push({
      path: "algorithms",
      message: `must list some of ${SIMULATION_ALGORITHMS.join(", ")}${unknown.length ? `; unknown: ${unknown.join(", ")}` : ""}`,
    });
  }
  const untaken = algorithms.filter((a) => !WEIGHTED_ALGORITHMS.includes(a));
  if ((fairness > 0 || userWeights !== undefined) && untaken.length > 0) {
    issues.push({
      path: "algorithms",
      message: `weights (fairness or userWeights) need algorithms that take them (${WEIGHTED_ALGORITHMS.join(", ")}); not ${untaken.join(", ")}`,
    });
  }
  if (issues.length === 0) checkLimits(issues, users, frames, frameS, arrivalRatePerS);
  if (issues.length > 0) throw new InputError(issues);

  const custom = options.dnn;
  // The generator knows presets only: with a custom DNN it stands in, and the requirements are drawn for the custom exits.
  const scenario = scenarioParams({ ...options.scenario, users, seed, ...(custom ? { profile: scenarioParams().profile, maxBatch: undefined } : {}) });
  // An empty instance of the scenario: its channel, and its DNN with any maxBatch override applied.
  const empty = generateInstance({ ...scenario, users: 0, accuracyMin: undefined, accuracyMax: undefined });
  const dnn = custom ? { ...structuredClone(custom), ...(options.scenario?.maxBatch ? { maxBatch: options.scenario.maxBatch } : {}) } : empty.dnn;
  const range = accuracyRange(scenario, dnn);
  return {
    frames,
    frameS,
    arrivalRatePerS,
    policy,
    algorithms,
    scenario,
    dnn,
    accuracyRange: range,
    setup: {
      channel: empty.channel,
      dnn,
      powerW: dbmToW(scenario.powerDbm),
      frameS,
      policy,
      engine: options.engine ?? "auto",
      timeLimitMs,
      ...(fairness > 0 ? { fairness } : {}),
      ...(userWeights ? { userWeights: [...userWeights] } : {}),
    },
  };
}

function traceParams(config: SimulationConfig): TraceParams {
  const { scenario, accuracyRange, frames, frameS, arrivalRatePerS } = config;
  return { scenario, accuracyRange, frames, frameS, arrivalRatePerS };
}

/** One algorithm over the whole trace; the trace is drawn from the config, so every caller (and worker) sees the same one. */
export async function simulateAlgorithm(config: SimulationConfig, algorithm: Algorithm, onFrame?: (record: FrameRecord) => void): Promise<AlgorithmRun> {
  return runFrames(drawTrace(traceParams(config)), config.setup, algorithm, onFrame);
}

/** The result of runs done elsewhere (say on worker threads), in the config's algorithm order. */
export function collectSimulation(config: SimulationConfig, runs: readonly AlgorithmRun[]): SimulationResult {
  const cell = drawCell(config.scenario);
  const ordered = config.algorithms.map((a) => runs.find((r) => r.algorithm === a)!);
  return {
    config,
    cell,
    frames: ordered.flatMap((r) => r.frames),
    summaries: ordered.map((r) => summariseRun(r, cell, config.frameS)),
    users: ordered.flatMap((r) => summariseUsers(r, cell)),
    runs: ordered,
  };
}

/** Simulates every algorithm in turn, in this thread. */
export async function simulate(options: SimulationOptions = {}): Promise<SimulationResult> {
  const config = resolveSimulation(options);
  const runs: AlgorithmRun[] = [];
  for (const algorithm of config.algorithms) runs.push(await simulateAlgorithm(config, algorithm, options.onFrame));
  return collectSimulation(config, runs);
}
