import { describe, expect, it } from "vitest";
import { checkSolution } from "./checker.js";
import { simulate as simulateFromRoot } from "../bindings/index.js";
import { Random } from "../bindings/scenarios/random.js";
import { generateInstance, scenarioParams } from "../bindings/scenarios/generate.js";
import { resolveSimulation, simulate, SIMULATION_LIMITS, type SimulationOptions, type SimulationResult } from "../bindings/simulation/simulate.js";
import { runFrames, type FrameRecord, type FrameSetup } from "../bindings/simulation/frames.js";
import { drawCell, type Trace } from "../bindings/simulation/trace.js";
import { batchMeansThroughput, jainIndex } from "../bindings/simulation/statistics.js";
import { quantile } from "../bindings/simulation/estimates.js";
import type { Algorithm } from "../bindings/core/types.js";

const FIVE: Algorithm[] = ["exact", "greedy", "no-early-exit", "no-batching", "conventional"];
/** A small, loaded cell: 12 users, 15 tasks/s each, 20 frames of 100 ms. */
const SMALL: SimulationOptions = { users: 12, frames: 20, arrivalRatePerS: 15, seed: 3, algorithms: FIVE };

/** A result without the wall-clock columns, which differ between identical runs. */
function withoutTimes(result: SimulationResult) {
  return {
    frames: result.frames.map(({ solveMs, ...rest }) => (void solveMs, rest)),
    summaries: result.summaries.map(
      ({ solveMsP50, solveMsP99, solveMsMax, solveShareP99, ...rest }) => (void [solveMsP50, solveMsP99, solveMsMax, solveShareP99], rest),
    ),
    users: result.users,
  };
}

describe("the cell", () => {
  it("is the default scenario's cell of the same seed: same positions and shadowing, the generator's fading on top", () => {
    const params = scenarioParams({ users: 25, seed: 11 });
    const cell = drawCell(params);
    const generated = generateInstance({ users: 25, seed: 11 });
    // Replay the generator's draws for each user: distance, shadowing, then the fading this user got.
    const random = new Random(11);
    for (let k = 0; k < 25; k++) {
      const distanceM = Math.sqrt(random.uniform(20 * 20, 250 * 250));
      random.normal();
      const fading = random.exponential();
      random.next();
      random.next();
      random.next();
      expect(cell[k].distanceM).toBe(distanceM);
      expect(cell[k].meanGain * fading).toBeCloseTo(generated.users[k].channelGain, 25);
      expect(Math.abs((cell[k].meanGain * fading) / generated.users[k].channelGain - 1)).toBeLessThan(1e-12);
    }
  });
});

// Each test runs its own simulations, inside the test: what runs at a describe's collection (or in
// beforeAll) is outside every test, and a mutation run counts every line it reaches as reached by
// no test in particular, running each of their mutants against every test of the set.
async function smallCell() {
  const records = new Map<Algorithm, FrameRecord[]>();
  const defer = await simulate({
    ...SMALL,
    policy: "defer",
    onFrame: (r) => void (records.get(r.row.algorithm) ?? records.set(r.row.algorithm, []).get(r.row.algorithm)!).push(r),
  });
  return { defer, records };
}
const run = (policy: "defer" | "drop") => simulate({ ...SMALL, policy });

describe("simulate() on a small loaded cell", () => {
  it("is exported from the package root", () => {
    expect(simulateFromRoot).toBe(simulate);
  });

  it("loads the cell: some tasks are not served, and the schemes differ", async () => {
    const defer = await run("defer");
    const completed = defer.summaries.map((s) => s.completed);
    expect(new Set(completed).size).toBeGreaterThan(1);
    expect(defer.summaries.every((s) => s.completed < s.arrived)).toBe(true);
  });

  for (const policy of ["defer", "drop"] as const) {
    it(`conserves tasks (${policy}): arrived = completed + expired + dropped + still pending, each task once`, async () => {
      const result = await run(policy);
      for (const run of result.runs) {
        const rows = run.frames;
        const sum = (key: "arrived" | "completed" | "expired" | "dropped") => rows.reduce((a, r) => a + r[key], 0);
        const stillPending = run.outcomes.filter((o) => o.fate === "pending").length;
        expect(sum("arrived")).toBe(sum("completed") + sum("expired") + sum("dropped") + stillPending);
        expect(new Set(run.outcomes.map((o) => o.task.id)).size).toBe(run.outcomes.length);
        expect(run.outcomes.length).toBe(sum("arrived"));
        // Frame by frame: what a frame schedules is what waited plus what arrived, less what expired.
        rows.forEach((row, f) => {
          expect(row.served + row.dropped + row.waiting).toBe(row.pending);
          if (f > 0) expect(row.pending).toBe(rows[f - 1].waiting + rows[f - 1].arrived - row.expired);
        });
      }
    });
  }

  it("lists each user of the cell once per algorithm, with the tasks its run completed", async () => {
    const result = await run("defer");
    expect(result.users.map((u) => [u.algorithm, u.user])).toEqual(FIVE.flatMap((a) => result.cell.map((c) => [a, c.index])));
    for (const summary of result.summaries) {
      const own = result.users.filter((u) => u.algorithm === summary.algorithm);
      expect(own.reduce((a, u) => a + u.completed, 0)).toBe(summary.completed);
    }
  });

  it("gives every algorithm the same arrivals and the same first instance (common random numbers)", async () => {
    const { defer, records } = await smallCell();
    const arrived = defer.runs.map((r) => r.frames.map((f) => f.arrived));
    for (const a of arrived) expect(a).toEqual(arrived[0]);
    const firstLoaded = records.get("exact")!.findIndex((r) => r.instance.users.length > 0);
    const instances = FIVE.map((a) => records.get(a)![firstLoaded].instance);
    for (const instance of instances) expect(instance).toEqual(instances[0]);
  });

  it("every frame's schedule passes the independent checker, with deadlines within the frame", async () => {
    const { records } = await smallCell();
    let checked = 0;
    for (const algorithm of FIVE) {
      for (const { instance, solution } of records.get(algorithm)!) {
        expect(checkSolution(instance, solution)).toEqual([]);
        for (const user of instance.users) {
          expect(user.deadlineS).toBeGreaterThan(0);
          expect(user.deadlineS).toBeLessThanOrEqual(0.1);
        }
        checked++;
      }
    }
    expect(checked).toBe(5 * SMALL.frames!);
  });

  it("is deterministic: the same options give the same frames and summaries, solve times aside; another seed does not", async () => {
    const [first, again] = [await run("defer"), await run("defer")];
    expect(withoutTimes(again)).toEqual(withoutTimes(first));
    const other = await simulate({ ...SMALL, policy: "defer", seed: 4 });
    expect(withoutTimes(other).frames).not.toEqual(withoutTimes(first).frames);
  });

  it("drop sends every unserved task away after its first frame; defer keeps them and serves some later", async () => {
    const byPolicy = { defer: await run("defer"), drop: await run("drop") };
    const F = 0.1;
    const firstFrameStart = (arrivalS: number) => (Math.floor(arrivalS / F + 1e-9) + 1) * F;
    for (const one of byPolicy.drop.runs) {
      expect(one.frames.every((f) => f.waiting === 0 && f.dropped === f.pending - f.served)).toBe(true);
      for (const o of one.outcomes.filter((x) => x.fate === "completed")) {
        expect(o.completedAtS! - firstFrameStart(o.task.arrivalS)).toBeLessThanOrEqual(F + 1e-9);
      }
    }
    let servedLater = 0;
    for (const one of byPolicy.defer.runs) {
      expect(one.frames.every((f) => f.dropped === 0 && f.waiting === f.pending - f.served)).toBe(true);
      servedLater += one.outcomes.filter((o) => o.fate === "completed" && o.completedAtS! - firstFrameStart(o.task.arrivalS) > F + 1e-9).length;
    }
    expect(servedLater).toBeGreaterThan(0);
    // Same trace: drop expires only tasks never scheduled, so it can expire no more than defer.
    byPolicy.drop.summaries.forEach((s, i) => expect(s.expired).toBeLessThanOrEqual(byPolicy.defer.summaries[i].expired));
  });

  it("names bad options", async () => {
    await expect(simulate({ frames: 0 })).rejects.toThrow(/^frames: must be a whole number >= 1, got 0$/);
    await expect(simulate({ policy: "wait" as never })).rejects.toThrow(/^policy: must be defer or drop/);
    await expect(simulate({ algorithms: ["exact", "fast" as never] })).rejects.toThrow(/^algorithms: .*unknown: fast$/);
    await expect(simulate({ scenario: { bandwidthHz: -1 } })).rejects.toThrow(/^bandwidthHz: must be a positive number/);
  });

  it("checks the accuracy range with the profile's defaults applied", async () => {
    await expect(simulate({ scenario: { accuracyMin: 0.9 } })).rejects.toThrow(
      /^accuracyMin: must be at most accuracyMax, which is 0\.724 by default \(the last exit's accuracy of msdnet5-edge-like\), got 0\.9: the range \[0\.9, 0\.724\] is empty$/,
    );
    await expect(simulate({ scenario: { accuracyMax: 0.5 } })).rejects.toThrow(/^accuracyMax: must be at least accuracyMin, which is 0\.566 by default/);
  });

  it("caps the size of a run", async () => {
    const { users, frames, arrivalRatePerS, tasks, tasksPerFrame } = SIMULATION_LIMITS;
    await expect(simulate({ users: users + 1 })).rejects.toThrow(/^users: must be at most 10,000 /);
    await expect(simulate({ frames: frames + 1 })).rejects.toThrow(/^frames: must be at most 100,000 /);
    await expect(simulate({ arrivalRatePerS: arrivalRatePerS * 2 })).rejects.toThrow(/^arrivalRatePerS: must be at most 1,000 /);
    // The products: tasks offered per frame and over the run.
    await expect(simulate({ users: 1000, arrivalRatePerS: (2 * tasksPerFrame) / 1000 / 0.1 })).rejects.toThrow(/^arrivalRatePerS: offers 20,000 tasks a frame/);
    await expect(simulate({ frames: Math.ceil((2 * tasks) / 30) })).rejects.toThrow(/^frames: offers 1,000,0\d\d tasks in all/);
    // At the caps themselves a run is accepted (resolved, not run).
    expect(resolveSimulation({ users: 100, frames: tasks / 100, arrivalRatePerS: 1, frameS: 1 }).frames).toBe(tasks / 100);
  });
});

describe("simulate() with another DNN", () => {
  it("draws requirements between the custom profile's accuracies and schedules on that DNN", async () => {
    const dnn = {
      name: "two-exit-test",
      maxBatch: 16,
      exits: [
        { accuracy: 0.3, latency: { perSampleS: 0.001, fixedS: 0.004 } },
        { accuracy: 0.4, latency: { perSampleS: 0.001, fixedS: 0.002 } },
      ],
    };
    const seen: FrameRecord[] = [];
    const result = await simulate({ users: 8, frames: 10, arrivalRatePerS: 20, algorithms: ["exact"], dnn, onFrame: (r) => void seen.push(r) });
    const requirements = result.runs[0].outcomes.map((o) => o.task.minAccuracy);
    expect(requirements.length).toBeGreaterThan(0);
    expect(requirements.every((a) => a >= 0.3 && a <= 0.4)).toBe(true);
    for (const { instance, solution } of seen) {
      expect(instance.dnn).toEqual(dnn);
      expect(checkSolution(instance, solution)).toEqual([]);
    }
    expect(result.summaries[0].completed).toBeGreaterThan(0);
  });
});

describe("a tiny hand-checked trace", () => {
  // One user with a strong channel; one exit, t(1) = 20 ms, at most one task per batch; frames of 100 ms.
  const setup = (policy: "defer" | "drop"): FrameSetup => ({
    channel: { bandwidthHz: 1e9, noisePsdWPerHz: 1e-21 },
    dnn: { maxBatch: 1, exits: [{ accuracy: 0.9, latency: { perSampleS: 0.01, fixedS: 0.01 } }] },
    powerW: 1,
    frameS: 0.1,
    policy,
    engine: "auto",
    timeLimitMs: 0,
  });
  const task = (id: string, arrivalS: number, dataBits: number, deadlineAtS: number) => ({ id, user: 0, arrivalS, dataBits, minAccuracy: 0.5, deadlineAtS });
  const trace: Trace = {
    cell: [{ index: 0, distanceM: 50, shadowingDb: 0, meanGain: 1e-9 }],
    frames: [
      // A (small) and B (large) can wait; C has 15 ms left at 0.1 s, less than the 20 ms it needs.
      { fading: [1], arrivals: [task("A", 0.02, 1e5, 0.35), task("B", 0.05, 2e5, 0.25), task("C", 0.06, 1e5, 0.115)] },
      { fading: [1], arrivals: [] },
      { fading: [1], arrivals: [] },
    ],
  };

  it("defer: frame 1 serves A (less band than B), C has expired, B waits and is served in frame 2", async () => {
    const run = await runFrames(trace, setup("defer"), "exact");
    const rows = run.frames.map(({ arrived, pending, served, expired, dropped, waiting }) => ({ arrived, pending, served, expired, dropped, waiting }));
    expect(rows).toEqual([
      { arrived: 3, pending: 0, served: 0, expired: 0, dropped: 0, waiting: 0 },
      { arrived: 0, pending: 2, served: 1, expired: 1, dropped: 0, waiting: 1 },
      { arrived: 0, pending: 1, served: 1, expired: 0, dropped: 0, waiting: 0 },
    ]);
    const fate = Object.fromEntries(run.outcomes.map((o) => [o.task.id, o]));
    expect(fate.C.fate).toBe("expired");
    // Each completes at its deadline in the frame's instance: A at the end of frame 1 (capped), B at its own deadline.
    expect(fate.A.completedAtS).toBeCloseTo(0.2, 12);
    expect(fate.B.completedAtS).toBeCloseTo(0.25, 12);
  });

  it("drop: B leaves after frame 1", async () => {
    const run = await runFrames(trace, setup("drop"), "exact");
    expect(run.frames.map((f) => [f.pending, f.served, f.expired, f.dropped])).toEqual([
      [0, 0, 0, 0],
      [2, 1, 1, 1],
      [0, 0, 0, 0],
    ]);
    expect(Object.fromEntries(run.outcomes.map((o) => [o.task.id, o.fate]))).toEqual({ A: "completed", B: "dropped", C: "expired" });
  });
});

describe("statistics", () => {
  it("Jain's index, quantiles and batch means", () => {
    expect(jainIndex([0.5, 0.5, 0.5])).toBe(1);
    expect(jainIndex([1, 0])).toBe(0.5);
    expect(quantile([3, 1, 2, 4], 0.5)).toBe(2.5);
    expect(quantile([3, 1, 2, 4], 1)).toBe(4);
    // Two batches of two 0.5 s frames: 4 and 8 tasks/s.
    const t = batchMeansThroughput([1, 3, 4, 4], 0.5, 2);
    expect(t.mean).toBe(6);
    expect(t.ci95).toBeCloseTo(12.706 * 2, 9);
  });
});
