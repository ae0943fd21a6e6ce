/**
 * The frame loop of one algorithm over a trace: at each frame start the
 * pending tasks become one instance of the model, the algorithm schedules it,
 * served tasks complete within the frame, and the rest wait (defer) or leave
 * (drop). Everything here is deterministic given the trace, except the
 * measured solve times.
 *
 * Pure computation (no node:* imports): the package root exports simulate().
 */
import { loadEngine } from "../core/engine.js";
import { solve } from "../algorithms/solve.js";
import { blockLatencyS, shallowestExit } from "../core/prepare.js";
import type { Algorithm, Channel, Dnn, EngineChoice, Instance, Solution } from "../core/types.js";
import type { Task, Trace } from "./trace.js";

/** What happens to a task a frame does not serve: it waits while its deadline can still be met (`defer`) or leaves (`drop`). */
export type Policy = "defer" | "drop";

/** What every frame of a run shares. */
export interface FrameSetup {
  /** The cell's uplink. */
  channel: Channel;
  /** The DNN every task runs on. */
  dnn: Dnn;
  /** Every user's transmit power, W. */
  powerW: number;
  /** Frame length, s. */
  frameS: number;
  /** What happens to the tasks a frame leaves unserved. */
  policy: Policy;
  /** Where the kernels run. */
  engine: EngineChoice;
  /** Per solve; 0 for none (the default: results must not depend on the machine's speed). */
  timeLimitMs: number;
  /**
   * The fairness exponent alpha: each frame user k's tasks weigh (r_k + FAIRNESS_FLOOR_PER_S)^-alpha, r_k the
   * user's completed tasks per second averaged over FAIRNESS_TIME_CONSTANT_FRAMES frames. 0 (default): no
   * weights, the most tasks every frame; 1: proportional fairness; large: towards max-min.
   */
  fairness?: number;
  /** A fixed weight per user of the cell (by index), multiplying the fairness weight: users who pay for priority. */
  userWeights?: readonly number[];
}

/** The time constant of each user's averaged completion rate, frames: r_k <- r_k + (completed_k / F - r_k) / this. */
export const FAIRNESS_TIME_CONSTANT_FRAMES = 50;
/** Added to every rate before the power, tasks/s: a user who completed nothing yet weighs much, not infinitely. */
export const FAIRNESS_FLOOR_PER_S = 0.1;

/** Each cell user's weight this frame (undefined: no weights, the plain objective). */
export function frameWeights(setup: FrameSetup, rates: Float64Array): Float64Array | undefined {
  const alpha = setup.fairness ?? 0;
  if (alpha === 0 && setup.userWeights === undefined) return undefined;
  const weights = new Float64Array(rates.length);
  for (let k = 0; k < rates.length; k++) weights[k] = (alpha === 0 ? 1 : (rates[k] + FAIRNESS_FLOOR_PER_S) ** -alpha) * (setup.userWeights?.[k] ?? 1);
  return weights;
}

/** One row of frames.csv. */
export interface FrameRow {
  /** The algorithm that scheduled the frame. */
  algorithm: Algorithm;
  /** Frame number, from 0. */
  frame: number;
  /** The frame's start, s from the start of the run. */
  startS: number;
  /** Tasks that arrived during this frame; they are first scheduled at the next frame start. */
  arrived: number;
  /** Tasks in this frame's instance. */
  pending: number;
  /** Tasks the frame's Solution serves. */
  served: number;
  /** Tasks completed in this frame (= served: a served task finishes within its frame). */
  completed: number;
  /** Tasks whose deadline could no longer be met at this frame's start. */
  expired: number;
  /** Unserved tasks sent away after this frame (policy drop). */
  dropped: number;
  /** Tasks still waiting after this frame (policy defer). */
  waiting: number;
  /** Band the frame's Solution uses, Hz. */
  bandwidthUsedHz: number;
  /** Wall-clock time of solve() on this frame's instance, ms: validation and building the Solution included, as a service running it every frame would see. */
  solveMs: number;
}

/** What became of one task; completedAtS only when completed. */
export interface TaskOutcome {
  /** The task as drawn. */
  task: Task;
  /** `pending`: still waiting, or arrived during the last frame, when the run ended. */
  fate: "completed" | "expired" | "dropped" | "pending";
  /** When it completed, s from the start of the run. */
  completedAtS?: number;
}

/** One frame as `onFrame` sees it: its row, the instance solved and the Solution. */
export interface FrameRecord {
  /** The frame's row of frames.csv. */
  row: FrameRow;
  /** The frame's instance: one entry per pending task, in arrival order. */
  instance: Instance;
  /** What the algorithm made of it. */
  solution: Solution;
}

/** One algorithm's run over the whole trace. */
export interface AlgorithmRun {
  /** The algorithm that ran. */
  algorithm: Algorithm;
  /** The engine the solves ran on. */
  engine: string;
  /** Every frame, in order. */
  frames: FrameRow[];
  /** The fate of every task of the trace. */
  outcomes: TaskOutcome[];
}

/**
 * Shortest time the task needs once uploaded: its shallowest adequate exit at
 * batch 1 (Infinity when no exit is accurate enough). Upload takes some time
 * too, so a task with no more than this left can never be met.
 */
function computeFloorS(dnn: Dnn, minAccuracy: number): number {
  const exit = shallowestExit(
    dnn.exits.map((e) => e.accuracy),
    minAccuracy,
  );
  if (exit === 0) return Infinity;
  let total = 0;
  for (let n = 0; n < exit; n++) total += blockLatencyS(dnn.exits[n].latency, 1);
  return total;
}

/** The frame's instance: one entry per pending task, on its user's channel in this frame. */
export function frameInstance(setup: FrameSetup, trace: Trace, frame: number, pending: readonly Task[], weights?: Float64Array): Instance {
  const startS = frame * setup.frameS;
  const fading = trace.frames[frame].fading;
  return {
    channel: setup.channel,
    dnn: setup.dnn,
    users: pending.map((task) => ({
      id: task.id,
      dataBits: task.dataBits,
      powerW: setup.powerW,
      channelGain: trace.cell[task.user].meanGain * fading[task.user],
      minAccuracy: task.minAccuracy,
      // Remaining time, capped so the batch ends within this frame.
      deadlineS: Math.min(task.deadlineAtS - startS, setup.frameS),
      ...(weights ? { weight: weights[task.user] } : {}),
    })),
    frameS: setup.frameS,
  };
}

export async function runFrames(trace: Trace, setup: FrameSetup, algorithm: Algorithm, onFrame?: (record: FrameRecord) => void): Promise<AlgorithmRun> {
  const floorS = new Map<Task, number>();
  const outcomes: TaskOutcome[] = [];
  let pending: Task[] = [];
  const frames: FrameRow[] = [];
  // Each cell user's averaged completed tasks per second (the fairness weights' r_k), and this frame's completions.
  const rates = new Float64Array(trace.cell.length);
  const completedNow = new Float64Array(trace.cell.length);
  // Loaded and warmed before the clock starts (the first solve compiles the validator and warms the JIT),
  // so frame 0's solve time is not start-up that a service would pay once.
  const engine = (await loadEngine(setup.engine)).name;
  if (trace.frames.length > 0) await solve(frameInstance(setup, trace, 0, []), { algorithm, engine: setup.engine, timeLimitMs: setup.timeLimitMs });
  for (let frame = 0; frame < trace.frames.length; frame++) {
    const startS = frame * setup.frameS;
    const arrivals = frame > 0 ? trace.frames[frame - 1].arrivals : [];
    const arrivedNow = trace.frames[frame].arrivals.length;
    for (const task of arrivals) floorS.set(task, computeFloorS(setup.dnn, task.minAccuracy));
    const candidates = [...pending, ...arrivals];
    pending = [];
    let expired = 0;
    for (const task of candidates) {
      if (task.deadlineAtS - startS > floorS.get(task)!) pending.push(task);
      else {
        outcomes.push({ task, fate: "expired" });
        expired++;
      }
    }
    const instance = frameInstance(setup, trace, frame, pending, frameWeights(setup, rates));
    const started = performance.now();
    const solution = await solve(instance, { algorithm, engine: setup.engine, timeLimitMs: setup.timeLimitMs });
    const solveMs = performance.now() - started;
    const results = new Map(solution.users.map((result) => [result.id, result]));
    const waiting: Task[] = [];
    let dropped = 0;
    pending.forEach((task) => {
      const result = results.get(task.id)!;
      if (result.served) {
        outcomes.push({ task, fate: "completed", completedAtS: startS + result.completionS! });
        completedNow[task.user]++;
      } else if (setup.policy === "defer") waiting.push(task);
      else {
        outcomes.push({ task, fate: "dropped" });
        dropped++;
      }
    });
    const row: FrameRow = {
      algorithm,
      frame,
      startS,
      arrived: arrivedNow,
      pending: pending.length,
      served: solution.served,
      completed: solution.served,
      expired,
      dropped,
      waiting: waiting.length,
      bandwidthUsedHz: solution.bandwidthUsedHz,
      solveMs,
    };
    frames.push(row);
    onFrame?.({ row, instance, solution });
    pending = waiting;
    for (let k = 0; k < rates.length; k++) {
      rates[k] += (completedNow[k] / setup.frameS - rates[k]) / FAIRNESS_TIME_CONSTANT_FRAMES;
      completedNow[k] = 0;
    }
  }
  // Still in the system at the end: what waited after the last frame, and what arrived during it.
  for (const task of [...pending, ...(trace.frames.at(-1)?.arrivals ?? [])]) outcomes.push({ task, fate: "pending" });
  return { algorithm, engine, frames, outcomes };
}
