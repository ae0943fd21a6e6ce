// resolveSimulation's weights (the fairness exponent, a weight per user, the
// algorithms that can take them) and the cell it builds from the scenario or a
// custom DNN: what the frames' setup carries.
import { describe, expect, it } from "vitest";
import { InputError } from "../bindings/core/errors.js";
import { resolveSimulation, type SimulationOptions, WEIGHTED_ALGORITHMS } from "../bindings/simulation/simulate.js";
import { issueLines } from "./helpers/issue-lines.js";

const issues = (options: SimulationOptions): string[] => issueLines(() => resolveSimulation(options), InputError);

const weighted = ["exact", "greedy", "bsp", "milp", "no-early-exit", "no-batching", "conventional"] as const;

describe("resolveSimulation: weights", () => {
  it("the weighted algorithms are the seven that take weights", () => {
    expect(WEIGHTED_ALGORITHMS).toEqual(weighted);
  });

  it("fairness: a finite number >= 0; 0 leaves it out of the setup, more puts it in", () => {
    for (const fairness of [-1, Infinity, Number.NaN]) {
      expect(issues({ users: 3, frames: 2, fairness, algorithms: ["exact"] })).toEqual([`fairness: must be a finite number >= 0, got ${String(fairness)}`]);
    }
    expect(resolveSimulation({ users: 3, frames: 2, fairness: 0, algorithms: ["tree"] }).setup).not.toHaveProperty("fairness");
    expect(resolveSimulation({ users: 3, frames: 2, algorithms: ["tree"] }).setup).not.toHaveProperty("fairness");
    expect(resolveSimulation({ users: 3, frames: 2, fairness: 1, algorithms: [...weighted] }).setup.fairness).toBe(1);
  });

  it("userWeights: one positive finite weight per user, copied into the setup", () => {
    expect(issues({ users: 3, frames: 2, userWeights: [1, 2], algorithms: ["exact"] })).toEqual(["userWeights: must give one weight per user (3), got 2"]);
    expect(issues({ users: 4, frames: 2, userWeights: [1, 0, -1, Infinity], algorithms: ["exact"] })).toEqual([
      "userWeights[1]: must be a positive finite number, got 0",
      "userWeights[2]: must be a positive finite number, got -1",
      "userWeights[3]: must be a positive finite number, got Infinity",
    ]);
    const given = [1, 2.5, 0.5];
    const setup = resolveSimulation({ users: 3, frames: 2, userWeights: given, algorithms: ["greedy"] }).setup;
    expect(setup.userWeights).toEqual(given);
    expect(setup.userWeights).not.toBe(given);
    expect(resolveSimulation({ users: 3, frames: 2, algorithms: ["greedy"] }).setup).not.toHaveProperty("userWeights");
  });

  it("weights need algorithms that take them: the others are named", () => {
    const message =
      "algorithms: weights (fairness or userWeights) need algorithms that take them (exact, greedy, bsp, milp, no-early-exit, no-batching, conventional); not tree";
    expect(issues({ users: 3, frames: 2, fairness: 0.5, algorithms: ["exact", "tree", "conventional"] })).toEqual([message]);
    expect(issues({ users: 3, frames: 2, userWeights: [1, 1, 1], algorithms: ["exact", "tree", "conventional"] })).toEqual([message]);
    // tree is the one known algorithm without weights; an unknown name is named here too, after it
    expect(issues({ users: 3, frames: 2, fairness: 0.5, algorithms: ["tree", "fast" as never] })[1]).toBe(`${message}, fast`);
    // no weights: any algorithm; weights: all seven that take them
    expect(resolveSimulation({ users: 3, frames: 2, algorithms: ["tree", "no-batching"] }).algorithms).toEqual(["tree", "no-batching"]);
    expect(resolveSimulation({ users: 3, frames: 2, fairness: 2, userWeights: [1, 2, 3], algorithms: [...weighted] }).algorithms).toEqual(weighted);
  });

  it("unknown algorithms are all named", () => {
    expect(issues({ users: 3, frames: 2, algorithms: ["fast", "exact", "slow"] as never })[0]).toMatch(/; unknown: fast, slow$/);
  });
});

describe("resolveSimulation: the cell", () => {
  it("the channel and the DNN come from the scenario given", () => {
    const config = resolveSimulation({ users: 3, frames: 2, scenario: { bandwidthHz: 5e6, profile: "resnet50-t4-trt-fp16", maxBatch: 64 } });
    expect(config.setup.channel.bandwidthHz).toBe(5e6);
    expect(config.dnn.name).toBe("resnet50-t4-trt-fp16");
    expect(config.dnn.maxBatch).toBe(64);
    expect(config.setup.dnn).toBe(config.dnn);
  });

  it("a custom DNN stands in for the preset: the scenario's profile and batch limit do not apply to the preset", () => {
    const dnn = { exits: [{ accuracy: 0.8, latency: { perSampleS: 0.001, fixedS: 0.002 } }] };
    // 500 is past the default preset's last measured batch (100): only the custom DNN takes it
    const config = resolveSimulation({ users: 3, frames: 2, dnn, scenario: { profile: "resnet50-t4-trt-fp16", maxBatch: 500 } });
    expect(config.scenario.profile).toBe("msdnet5-edge-like");
    expect(config.scenario.maxBatch).toBeUndefined();
    expect(config.dnn).toEqual({ ...dnn, maxBatch: 500 });
  });
});
