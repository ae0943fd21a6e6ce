/**
 * The arrival trace of the simulation room (simulation/trace.ts): Poisson
 * arrivals placed in the frame they arrive in, in order, with ids numbered
 * per user, requirements and sizes in their ranges; a longer run extends a
 * shorter one; the same seed gives the same trace, another seed another.
 */
import { describe, expect, it } from "vitest";
import { generateInstance, scenarioParams } from "../bindings/scenarios/generate.js";
import { drawCell, drawTrace, type TraceParams } from "../bindings/simulation/trace.js";

const params = (overrides: Partial<TraceParams> = {}, seed = 3): TraceParams => ({
  scenario: scenarioParams({ users: 10, seed }),
  accuracyRange: [0.6, 0.7],
  frames: 100,
  frameS: 0.1,
  arrivalRatePerS: 20,
  ...overrides,
});

/**
 * The trace most tests read, drawn in each test that reads it: drawn while the file loads, it ran
 * outside every test, and a mutation run took each mutant of trace.ts for a static one, run
 * against every test of its set.
 */
function drawn() {
  const trace = drawTrace(params());
  return { trace, tasks: trace.frames.flatMap((f) => f.arrivals) };
}

describe("drawTrace", () => {
  it("puts each task in the frame it arrives in, in arrival order", () => {
    const { trace } = drawn();
    expect(trace.frames).toHaveLength(100);
    trace.frames.forEach((frame, f) => {
      for (const task of frame.arrivals) {
        expect(task.arrivalS).toBeGreaterThanOrEqual(f * 0.1);
        expect(task.arrivalS).toBeLessThan((f + 1) * 0.1);
      }
      for (let i = 1; i < frame.arrivals.length; i++) expect(frame.arrivals[i].arrivalS).toBeGreaterThanOrEqual(frame.arrivals[i - 1].arrivalS);
    });
  });

  it("numbers each user's tasks u<user>-t1, -t2, ... in arrival order", () => {
    const { tasks } = drawn();
    for (let user = 0; user < 10; user++) {
      const own = tasks.filter((t) => t.user === user);
      expect(own.map((t) => t.id)).toEqual(own.map((_, k) => `u${user + 1}-t${k + 1}`));
      for (let k = 1; k < own.length; k++) expect(own[k].arrivalS).toBeGreaterThan(own[k - 1].arrivalS);
    }
    expect(new Set(tasks.map((t) => t.id)).size).toBe(tasks.length);
  });

  it("draws about rate x users x time arrivals, and sizes, requirements and deadlines in their ranges", () => {
    const { tasks } = drawn();
    // 20/s x 10 users x 10 s: 2000 expected, standard deviation 45.
    expect(tasks.length).toBeGreaterThan(1800);
    expect(tasks.length).toBeLessThan(2200);
    const s = params().scenario;
    for (const task of tasks) {
      expect(Number.isInteger(task.dataBits)).toBe(true);
      expect(task.dataBits).toBeGreaterThanOrEqual(s.dataBitsMin);
      expect(task.dataBits).toBeLessThanOrEqual(s.dataBitsMax);
      expect(task.minAccuracy).toBeGreaterThanOrEqual(0.6);
      expect(task.minAccuracy).toBeLessThan(0.7);
      const relative = task.deadlineAtS - task.arrivalS;
      expect(relative).toBeGreaterThanOrEqual(s.deadlineSMin * s.deadlineScale * (1 - 1e-12));
      expect(relative).toBeLessThanOrEqual(s.deadlineSMax * s.deadlineScale * (1 + 1e-12));
    }
    const spread = (values: number[]) => Math.max(...values) - Math.min(...values);
    expect(spread(tasks.map((t) => t.minAccuracy))).toBeGreaterThan(0.09);
    expect(spread(tasks.map((t) => t.dataBits))).toBeGreaterThan(0.9 * (s.dataBitsMax - s.dataBitsMin));
  });

  it("draws each user's fading every frame, exponential with mean 1", () => {
    const { trace } = drawn();
    const fading = trace.frames.flatMap((f) => f.fading);
    expect(trace.frames.every((f) => f.fading.length === 10)).toBe(true);
    expect(fading.every((x) => x > 0)).toBe(true);
    const mean = fading.reduce((a, b) => a + b, 0) / fading.length;
    expect(mean).toBeGreaterThan(0.9);
    expect(mean).toBeLessThan(1.1);
  });

  it("no arrivals at rate 0, fading still drawn (the first draws of the trace's stream)", () => {
    const quiet = drawTrace(params({ arrivalRatePerS: 0, frames: 5 }));
    expect(quiet.frames.every((f) => f.arrivals.length === 0 && f.fading.length === 10)).toBe(true);
    const first = drawTrace({ scenario: scenarioParams({ users: 2, seed: 1 }), accuracyRange: [0.6, 0.7], frames: 1, frameS: 0.1, arrivalRatePerS: 0 });
    expect(first.frames[0].fading).toEqual([0.502886893929612, 0.25094426158544525]);
  });

  it("scales every relative deadline by deadlineScale", () => {
    const scenario = scenarioParams({ users: 10, seed: 3, deadlineScale: 2 });
    const tasks = drawTrace({ ...params(), scenario, frames: 20 }).frames.flatMap((f) => f.arrivals);
    expect(tasks.length).toBeGreaterThan(0);
    for (const task of tasks) {
      const relative = task.deadlineAtS - task.arrivalS;
      expect(relative).toBeGreaterThanOrEqual(2 * scenario.deadlineSMin * (1 - 1e-12));
      expect(relative).toBeLessThanOrEqual(2 * scenario.deadlineSMax * (1 + 1e-12));
    }
  });

  it("a run of n frames is the first n frames of a longer one; the seed decides the trace", () => {
    const { trace } = drawn();
    const short = drawTrace(params({ frames: 30 }));
    expect(short.frames).toEqual(trace.frames.slice(0, 30));
    expect(drawTrace(params())).toEqual(trace);
    const other = drawTrace(params({}, 4));
    expect(other.frames[0].fading).not.toEqual(trace.frames[0].fading);
  });

  it("is reproducible across versions: seed 1's first draws", () => {
    // The committed simulation report is regenerated from its seed: its trace must not drift.
    const first = drawTrace({ scenario: scenarioParams({ users: 2, seed: 1 }), accuracyRange: [0.6, 0.7], frames: 3, frameS: 0.1, arrivalRatePerS: 20 });
    expect(first.frames[0].fading).toEqual([2.7563457367636066, 0.7460915892519758]);
    expect(first.frames.flatMap((f) => f.arrivals).slice(0, 2)).toEqual([
      { id: "u2-t1", user: 1, arrivalS: 0.012547213079272262, dataBits: 200974, minAccuracy: 0.658108763792552, deadlineAtS: 0.16089577736133193 },
      { id: "u2-t2", user: 1, arrivalS: 0.021897958399007163, dataBits: 244068, minAccuracy: 0.6145457170670852, deadlineAtS: 0.29768630316781447 },
    ]);
    expect(first.cell).toEqual(drawCell(scenarioParams({ users: 2, seed: 1 })));
  });
});

describe("drawCell", () => {
  it("is the default scenario's cell: positions and shadowing of generateInstance of the same seed", () => {
    const scenario = scenarioParams({ users: 6, seed: 9 });
    const cell = drawCell(scenario);
    const instance = generateInstance({ users: 6, seed: 9 });
    expect(cell.map((u) => u.index)).toEqual([0, 1, 2, 3, 4, 5]);
    for (const u of cell) {
      expect(u.distanceM).toBeGreaterThanOrEqual(scenario.minDistanceM);
      expect(u.distanceM).toBeLessThanOrEqual(scenario.radiusM);
    }
    // The instance's gain is the cell's mean gain times that user's fading draw (exponential, > 0).
    for (const [k, u] of cell.entries()) expect(instance.users[k].channelGain / u.meanGain).toBeGreaterThan(0);
  });
});
