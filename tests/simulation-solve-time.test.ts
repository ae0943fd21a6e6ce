/**
 * A frame's solveMs is the time its own solve took: a duration inside the
 * run, never negative and never longer than the whole runFrames call (no
 * assertion on how fast anything is, only on what the figure measures).
 */
import { describe, expect, it } from "vitest";
import { runFrames, type FrameSetup } from "../bindings/simulation/frames.js";
import type { Trace } from "../bindings/simulation/trace.js";

const setup: FrameSetup = {
  channel: { bandwidthHz: 1e9, noisePsdWPerHz: 1e-21 },
  dnn: { maxBatch: 4, exits: [{ accuracy: 0.75, latency: { perSampleS: 0.03125, fixedS: 0 } }] },
  powerW: 1,
  frameS: 0.5,
  policy: "drop",
  engine: "js",
  timeLimitMs: 0,
};

const trace: Trace = {
  cell: [{ index: 0, distanceM: 50, shadowingDb: 0, meanGain: 1e-9 }],
  frames: [
    { fading: [1], arrivals: [{ id: "a", user: 0, arrivalS: 0.1, dataBits: 1e4, minAccuracy: 0.5, deadlineAtS: 2 }] },
    { fading: [1], arrivals: [] },
    { fading: [1], arrivals: [] },
  ],
};

describe("runFrames: solveMs", () => {
  it("is a duration within the call, for every frame", async () => {
    const before = performance.now();
    const run = await runFrames(trace, setup, "exact");
    const elapsedMs = performance.now() - before;
    expect(run.frames).toHaveLength(3);
    for (const row of run.frames) {
      expect(row.solveMs).toBeGreaterThanOrEqual(0);
      expect(row.solveMs).toBeLessThanOrEqual(elapsedMs);
    }
    const total = run.frames.reduce((sum, row) => sum + row.solveMs, 0);
    expect(total).toBeLessThanOrEqual(elapsedMs);
  });
});
