/**
 * A second exact method for the sequential schemes, for instances past the
 * brute force (60-200 users): written from the model alone with the plain
 * evaluator of reference-model.ts, sharing no code with assembly/sequential/.
 *
 * It keeps the kernel's argument (for a tau interval (lo, hi], every set whose
 * latest start lies in it meets its deadlines from just above lo and pays at
 * least w^min(min(hi, a_k)) per task) but none of its pruning: the knapsack
 * over tasks in deadline order keeps one state per vector of how many chosen
 * tasks leave at each exit (the vector fixes the run time), with no dominance
 * between states and no bound from an incumbent. Intervals are explored depth
 * first. Its cost grows like users^exits, so keep the exits few.
 */
import type { Instance } from "../../bindings/core/types.js";
import { referenceBatchLimit, referenceBlockTimeS, referenceShallowestExit, referenceSnrHz, referenceWminHz } from "./reference-model.js";

interface Task {
  user: number;
  exit: number;
  deadlineS: number;
  latestStartS: number;
}

/** The tasks a state took, newest first. */
interface Taken {
  task: Task;
  before: Taken | null;
}

interface State {
  perExit: number[];
  bandHz: number;
  taken: Taken | null;
}

export interface SequentialOptimum {
  served: number;
  bandwidthHz: number;
  tauS: number;
  /** Users in run order. */
  runOrder: number[];
  intervals: number;
}

export function sequentialReference(instance: Instance, finalExitOnly: boolean): SequentialOptimum {
  const exits = instance.dnn.exits;
  const runToExitS = [0];
  for (const exit of exits) runToExitS.push(runToExitS[runToExitS.length - 1] + referenceBlockTimeS(exit.latency, 1));
  const runOf = (perExit: number[]) => perExit.reduce((sum, n, e) => sum + n * runToExitS[e], 0);

  const tasks: Task[] = [];
  instance.users.forEach((user, k) => {
    const exit = referenceShallowestExit(instance, k, finalExitOnly);
    if (exit > 0) tasks.push({ user: k, exit, deadlineS: user.deadlineS, latestStartS: user.deadlineS - runToExitS[exit] });
  });
  tasks.sort((a, b) => a.deadlineS - b.deadlineS || a.user - b.user);
  const snrHz = instance.users.map((_, k) => referenceSnrHz(instance, k));
  const wmin = (task: Task, tauS: number) => referenceWminHz(instance.users[task.user].dataBits, snrHz[task.user], tauS);
  const bandHz = instance.channel.bandwidthHz;
  const limit = referenceBatchLimit(instance);

  /** The best set of the interval's relaxation, in run order, with its relaxed band. */
  function relax(lo: number, hi: number): { set: Task[]; relaxedBandHz: number } | null {
    let states = new Map<string, State>([
      [JSON.stringify(new Array(exits.length + 1).fill(0)), { perExit: new Array(exits.length + 1).fill(0), bandHz: 0, taken: null }],
    ]);
    for (const task of tasks) {
      if (!(task.latestStartS > lo)) continue;
      const price = wmin(task, Math.min(hi, task.latestStartS));
      const next = new Map(states);
      for (const state of states.values()) {
        const count = state.perExit.reduce((a, b) => a + b, 0);
        if (count + 1 > limit) continue;
        const perExit = state.perExit.slice();
        perExit[task.exit]++;
        if (!(task.deadlineS - runOf(perExit) > lo)) continue;
        const band = state.bandHz + price;
        if (!(band <= bandHz)) continue;
        const key = JSON.stringify(perExit);
        const old = next.get(key);
        if (old === undefined || band < old.bandHz) next.set(key, { perExit, bandHz: band, taken: { task, before: state.taken } });
      }
      states = next;
    }
    let best: State | null = null;
    let bestCount = -1;
    for (const state of states.values()) {
      const count = state.perExit.reduce((a, b) => a + b, 0);
      if (count > bestCount || (count === bestCount && state.bandHz < best!.bandHz)) [best, bestCount] = [state, count];
    }
    if (best === null || bestCount === 0) return null;
    const set: Task[] = [];
    for (let t = best.taken; t !== null; t = t.before) set.unshift(t.task);
    return { set, relaxedBandHz: best.bandHz };
  }

  /** Latest start of a set run in deadline order, each prefix's run time from its exit counts. */
  function latestStart(set: Task[]): number {
    const perExit = new Array(exits.length + 1).fill(0);
    let tauS = Infinity;
    for (const task of set) {
      perExit[task.exit]++;
      tauS = Math.min(tauS, task.deadlineS - runOf(perExit));
    }
    return tauS;
  }

  const betterThan = (count: number, band: number, bestCount: number, bestBand: number) =>
    count > bestCount || (count === bestCount && band < bestBand * (1 - 1e-12));
  let best = { served: 0, bandwidthHz: 0, tauS: 0, runOrder: [] as number[] };
  const tauMax = Math.max(0, ...tasks.map((t) => t.latestStartS));
  const open = [{ lo: 0, hi: tauMax, count: Infinity, band: 0 }];
  let intervals = 0;
  while (open.length > 0) {
    const { lo, hi, count, band } = open.pop()!;
    if (!betterThan(count, band, best.served, best.bandwidthHz)) continue;
    intervals++;
    const relaxed = relax(lo, hi);
    if (relaxed === null || !betterThan(relaxed.set.length, relaxed.relaxedBandHz, best.served, best.bandwidthHz)) continue;
    const tauS = latestStart(relaxed.set);
    const actualBandHz = relaxed.set.reduce((sum, task) => sum + wmin(task, tauS), 0);
    if (actualBandHz <= bandHz && betterThan(relaxed.set.length, actualBandHz, best.served, best.bandwidthHz)) {
      best = { served: relaxed.set.length, bandwidthHz: actualBandHz, tauS, runOrder: relaxed.set.map((t) => t.user) };
    }
    if (actualBandHz > relaxed.relaxedBandHz * (1 + 1e-12) && tauS < hi) {
      open.push({ lo, hi: tauS, count: relaxed.set.length, band: relaxed.relaxedBandHz });
      open.push({ lo: tauS, hi, count: relaxed.set.length, band: relaxed.relaxedBandHz });
    }
  }
  return { ...best, intervals };
}
