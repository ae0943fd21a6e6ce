/**
 * The fairness weights frame by frame, recomputed beside the simulation: each
 * frame's instance must carry (r_k + floor)^-alpha times the user's static
 * weight, r_k the exponential average of the user's completions per second,
 * updated after every frame from the tasks that frame's solution served.
 * A small cell on greedy, so the whole file runs in about a second.
 */
import { describe, expect, it } from "vitest";
import type { Instance, Solution } from "../bindings/core/types.js";
import { FAIRNESS_FLOOR_PER_S, FAIRNESS_TIME_CONSTANT_FRAMES, type FrameSetup, frameWeights } from "../bindings/simulation/frames.js";
import { simulate } from "../bindings/simulation/simulate.js";

const CELL = { users: 6, frames: 30, algorithms: ["greedy" as const], scenario: { bandwidthHz: 2e6 }, engine: "js" as const };

/** The cell index of a task id `u3-t17` (user 3, counted from 1). */
const userOf = (id: string) => Number(/^u(\d+)-/.exec(id)![1]) - 1;

async function framesOf(options: { fairness?: number; userWeights?: number[] }) {
  const frames: { instance: Instance; solution: Solution }[] = [];
  const result = await simulate({ ...CELL, ...options, onFrame: ({ instance, solution }) => frames.push({ instance, solution }) });
  return { frames, frameS: result.config.setup.frameS };
}

describe("the fairness weights over the frames", () => {
  it("follow the averaged completion rate of each user, times the static weight", async () => {
    const alpha = 1.5;
    const userWeights = [1, 2, 0.5, 1, 4, 1];
    const { frames, frameS } = await framesOf({ fairness: alpha, userWeights });
    const rates = new Array<number>(CELL.users).fill(0);
    let served = 0;
    for (const { instance, solution } of frames) {
      for (const user of instance.users) {
        const k = userOf(user.id);
        expect(user.weight).toBeCloseTo((rates[k] + FAIRNESS_FLOOR_PER_S) ** -alpha * userWeights[k], 12);
      }
      const completed = new Array<number>(CELL.users).fill(0);
      for (const result of solution.users) if (result.served) completed[userOf(result.id)]++;
      served += completed.reduce((a, b) => a + b, 0);
      for (let k = 0; k < CELL.users; k++) rates[k] += (completed[k] / frameS - rates[k]) / FAIRNESS_TIME_CONSTANT_FRAMES;
    }
    // The rates moved: the check above compared weights that changed from frame to frame.
    expect(served).toBeGreaterThan(10);
    expect(new Set(frames.flatMap((f) => f.instance.users.map((u) => u.weight))).size).toBeGreaterThan(10);
  });

  it("at alpha 0 with static weights: exactly the static weights", async () => {
    const userWeights = [3, 1, 1, 0.25, 1, 2];
    const { frames } = await framesOf({ userWeights });
    const users = frames.flatMap((f) => f.instance.users);
    expect(users.length).toBeGreaterThan(0);
    for (const user of users) expect(user.weight).toBe(userWeights[userOf(user.id)]);
  });

  it("frameWeights: none at alpha 0 without static weights; the floor keeps a user with no completions finite", () => {
    const setup = (fields: Partial<FrameSetup>) => fields as FrameSetup;
    expect(frameWeights(setup({}), new Float64Array(3))).toBeUndefined();
    expect([...frameWeights(setup({ userWeights: [2, 5] }), new Float64Array([7, 9]))!]).toEqual([2, 5]);
    expect([...frameWeights(setup({ fairness: 1 }), new Float64Array([0, 0.9]))!]).toEqual([1 / FAIRNESS_FLOOR_PER_S, 1]);
  });
});
