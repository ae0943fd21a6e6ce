/**
 * The frame loop's rules on hand-made traces: an empty trace, the instance a
 * frame builds, a task whose time left equals the least it needs (expired),
 * one no exit is accurate enough for, and what is still in the system at the end.
 */
import { describe, expect, it } from "vitest";
import { frameInstance, runFrames, type FrameSetup } from "../bindings/simulation/frames.js";
import type { Task, Trace } from "../bindings/simulation/trace.js";

// Binary fractions throughout, so "time left = least time needed" is an exact tie.
const setup = (policy: "defer" | "drop" = "defer"): FrameSetup => ({
  channel: { bandwidthHz: 1e9, noisePsdWPerHz: 1e-21 },
  dnn: {
    maxBatch: 4,
    exits: [
      { accuracy: 0.5, latency: { perSampleS: 0.0625, fixedS: 0.0625 } },
      { accuracy: 0.75, latency: { perSampleS: 0.03125, fixedS: 0 } },
    ],
  },
  powerW: 1,
  frameS: 0.5,
  policy,
  engine: "js",
  timeLimitMs: 0,
});

const task = (id: string, user: number, arrivalS: number, deadlineAtS: number, minAccuracy = 0.5): Task => ({
  id,
  user,
  arrivalS,
  dataBits: 1e4,
  minAccuracy,
  deadlineAtS,
});

const cell = [
  { index: 0, distanceM: 50, shadowingDb: 0, meanGain: 1e-9 },
  { index: 1, distanceM: 80, shadowingDb: 0, meanGain: 4e-10 },
];

describe("frameInstance", () => {
  it("puts each pending task on its user's faded channel, with the time left capped at the frame", () => {
    const trace: Trace = {
      cell,
      frames: [
        { fading: [1, 1], arrivals: [] },
        { fading: [0.5, 2], arrivals: [] },
      ],
    };
    const instance = frameInstance(setup(), trace, 1, [task("x", 0, 0.1, 0.75), task("y", 1, 0.2, 5)]);
    expect(instance).toEqual({
      channel: setup().channel,
      dnn: setup().dnn,
      frameS: 0.5,
      users: [
        { id: "x", dataBits: 1e4, powerW: 1, channelGain: 5e-10, minAccuracy: 0.5, deadlineS: 0.25 },
        { id: "y", dataBits: 1e4, powerW: 1, channelGain: 8e-10, minAccuracy: 0.5, deadlineS: 0.5 },
      ],
    });
  });
});

describe("runFrames", () => {
  it("runs no solve and returns no frames for an empty trace", async () => {
    const run = await runFrames({ cell, frames: [] }, setup(), "exact");
    expect(run).toEqual({ algorithm: "exact", engine: "js", frames: [], outcomes: [] });
  });

  it("calls a task expired when its time left equals the least it needs, and when no exit is accurate enough", async () => {
    // Exit 1 at batch 1 takes 0.125 s. At frame 1 (0.5 s): "tie" has exactly 0.125 s left, "room" 0.25 s, "picky" wants 0.9.
    const trace: Trace = {
      cell,
      frames: [
        { fading: [1, 1], arrivals: [task("tie", 0, 0.1, 0.625), task("room", 1, 0.2, 0.75), task("picky", 0, 0.3, 10, 0.9)] },
        { fading: [1, 1], arrivals: [] },
      ],
    };
    const run = await runFrames(trace, setup(), "exact");
    expect(
      run.frames.map(({ frame, startS, arrived, pending, expired, served, completed, waiting, dropped }) => ({
        frame,
        startS,
        arrived,
        pending,
        expired,
        served,
        completed,
        waiting,
        dropped,
      })),
    ).toEqual([
      { frame: 0, startS: 0, arrived: 3, pending: 0, expired: 0, served: 0, completed: 0, waiting: 0, dropped: 0 },
      { frame: 1, startS: 0.5, arrived: 0, pending: 1, expired: 2, served: 1, completed: 1, waiting: 0, dropped: 0 },
    ]);
    expect(run.outcomes.map((o) => [o.task.id, o.fate])).toEqual([
      ["tie", "expired"],
      ["picky", "expired"],
      ["room", "completed"],
    ]);
    const room = run.outcomes.find((o) => o.task.id === "room")!;
    expect(room.completedAtS).toBeGreaterThan(0.5);
    expect(room.completedAtS).toBeLessThanOrEqual(0.75);
    expect(run.frames[1].bandwidthUsedHz).toBeGreaterThan(0);
    expect(run.frames[0].bandwidthUsedHz).toBe(0);
  });

  it("leaves pending what waited after the last frame and what arrived during it", async () => {
    // Two tasks with long deadlines and a batch limit of 1 at the second exit's accuracy: one is served per frame.
    const one: FrameSetup = { ...setup("defer"), dnn: { ...setup().dnn, maxBatch: 1 } };
    const trace: Trace = {
      cell,
      frames: [
        { fading: [1, 1], arrivals: [task("a", 0, 0.1, 100, 0.75), task("b", 1, 0.2, 100, 0.75), task("c", 0, 0.3, 100, 0.75)] },
        { fading: [1, 1], arrivals: [task("late", 1, 0.7, 100)] },
      ],
    };
    const run = await runFrames(trace, one, "exact");
    expect(run.frames.map((f) => [f.pending, f.served, f.waiting])).toEqual([
      [0, 0, 0],
      [3, 1, 2],
    ]);
    const fates = run.outcomes.map((o) => o.fate);
    expect(fates.filter((f) => f === "completed")).toHaveLength(1);
    const pendingIds = run.outcomes.filter((o) => o.fate === "pending").map((o) => o.task.id);
    expect(pendingIds).toHaveLength(3);
    expect(pendingIds.at(-1)).toBe("late");
    expect(run.outcomes).toHaveLength(4);
  });

  it("hands each frame's row, instance and solution to onFrame", async () => {
    const trace: Trace = {
      cell,
      frames: [
        { fading: [1, 1], arrivals: [task("a", 0, 0.1, 2)] },
        { fading: [1, 1], arrivals: [] },
      ],
    };
    const seen: Array<[number, number, number]> = [];
    await runFrames(trace, setup("drop"), "greedy", ({ row, instance, solution }) => seen.push([row.frame, instance.users.length, solution.served]));
    expect(seen).toEqual([
      [0, 0, 0],
      [1, 1, 1],
    ]);
  });
});
