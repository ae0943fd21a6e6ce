/**
 * The random side of an online simulation, drawn once from a seed and shared
 * by every algorithm (common random numbers): where the users are, each
 * frame's fading, and every task that arrives.
 *
 * Pure computation (no node:* imports): the package root exports simulate().
 */
import { pathLossDb } from "../scenarios/generate.js";
import { Random } from "../scenarios/random.js";
import type { ScenarioParams } from "../scenarios/generate.js";

/** A user of the cell: fixed position and shadowing for the whole run. */
export interface CellUser {
  /** 0-based index; the id in instances is `u${index + 1}` like the generator's. */
  index: number;
  /** Distance from the server, m. */
  distanceM: number;
  /** Log-normal shadowing drawn for this user, dB. */
  shadowingDb: number;
  /** Channel power gain without fading: path loss and shadowing. */
  meanGain: number;
}

/** One task: what the user uploads and needs, and when. */
export interface Task {
  /** `u3-t17`: user 3's 17th task, unique within a trace. */
  id: string;
  /** The user's 0-based index in the cell. */
  user: number;
  /** Arrival time, s from the start of the run. */
  arrivalS: number;
  /** Size of the input to upload, bit. */
  dataBits: number;
  /** Least accuracy the task accepts, in [0, 1]. */
  minAccuracy: number;
  /** Absolute time by which it must complete: arrival plus its relative deadline. */
  deadlineAtS: number;
}

export interface TraceFrame {
  /** Rayleigh fading |h|^2 of each user in this frame (mean 1), by user index. */
  fading: number[];
  /** Tasks arriving during this frame, in arrival order; they are first seen at the next frame start. */
  arrivals: Task[];
}

export interface Trace {
  cell: CellUser[];
  frames: TraceFrame[];
}

export interface TraceParams {
  scenario: ScenarioParams;
  /** The accuracy requirements are drawn uniformly in [low, high]. */
  accuracyRange: [number, number];
  frames: number;
  frameS: number;
  arrivalRatePerS: number;
}

/**
 * Positions and shadowing of generateInstance({ users, seed }): each user
 * takes the same draws in the same order (distance, shadowing, fading, size,
 * requirement, deadline) and keeps the first two, so the cell of seed s is
 * the default scenario's cell of seed s. tests/simulation-trace.test.ts checks
 * that this stays true.
 */
export function drawCell(params: ScenarioParams): CellUser[] {
  const random = new Random(params.seed);
  const r0 = params.minDistanceM;
  const r1 = params.radiusM;
  const cell: CellUser[] = [];
  for (let index = 0; index < params.users; index++) {
    const distanceM = Math.sqrt(random.uniform(r0 * r0, r1 * r1));
    const shadowingDb = params.shadowingDb * random.normal();
    for (let skipped = 0; skipped < 4; skipped++) random.next(); // fading (one uniform), size, requirement, deadline
    cell.push({ index, distanceM, shadowingDb, meanGain: 10 ** (-(pathLossDb(distanceM) - shadowingDb) / 10) });
  }
  return cell;
}

/**
 * The whole trace. Frames are drawn in order from one stream seeded apart
 * from the cell's, so a run of n frames is the first n frames of a longer run
 * with the same seed. Within a frame: every user's fading, then each user's
 * arrivals (Poisson: exponential gaps of mean 1/R from the previous arrival).
 */
export function drawTrace(params: TraceParams): Trace {
  const { scenario, frameS, arrivalRatePerS } = params;
  const cell = drawCell(scenario);
  // A distinct seed for the trace stream: the cell's stream must stay the generator's.
  const random = new Random(Math.imul(scenario.seed ^ 0x5eed, 0x9e3779b1) ^ 0x7f4a7c15);
  const [accuracyLow, accuracyHigh] = params.accuracyRange;
  const nextArrivalS = cell.map(() => (arrivalRatePerS > 0 ? random.exponential() / arrivalRatePerS : Infinity));
  const taskCount = cell.map(() => 0);
  const frames: TraceFrame[] = [];
  for (let f = 0; f < params.frames; f++) {
    const fading = cell.map(() => random.exponential());
    const endS = (f + 1) * frameS;
    const arrivals: Task[] = [];
    for (const user of cell) {
      while (nextArrivalS[user.index] < endS) {
        const arrivalS = nextArrivalS[user.index];
        const dataBits = Math.round(random.uniform(scenario.dataBitsMin, scenario.dataBitsMax));
        const minAccuracy = random.uniform(accuracyLow, accuracyHigh);
        const relativeDeadlineS = random.uniform(scenario.deadlineSMin, scenario.deadlineSMax) * scenario.deadlineScale;
        taskCount[user.index]++;
        arrivals.push({
          id: `u${user.index + 1}-t${taskCount[user.index]}`,
          user: user.index,
          arrivalS,
          dataBits,
          minAccuracy,
          deadlineAtS: arrivalS + relativeDeadlineS,
        });
        nextArrivalS[user.index] = arrivalS + random.exponential() / arrivalRatePerS;
      }
    }
    arrivals.sort((a, b) => a.arrivalS - b.arrivalS || a.user - b.user);
    frames.push({ fading, arrivals });
  }
  return { cell, frames };
}
