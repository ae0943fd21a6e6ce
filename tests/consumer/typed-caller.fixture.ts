// A TypeScript caller of the installed package (tests/consumer/package.test.ts
// compiles it with tsc). Every @ts-expect-error must be an error: if solve()
// took anything, tsc would report the directive unused and the test would fail.
import { solve, validateInstance, type Instance, type Solution } from "edge-alloc";

const instance: Instance = {
  channel: { bandwidthHz: 2e7, noisePsdWPerHz: 1e-20 },
  dnn: { exits: [{ accuracy: 0.7, latency: { perSampleS: 0.001, fixedS: 0.01 } }] },
  users: [{ id: "u1", dataBits: 1e5, powerW: 0.1, channelGain: 1e-10, minAccuracy: 0.5, deadlineS: 0.5 }],
};

export const solved: Promise<Solution> = solve(instance, { algorithm: "exact", engine: "auto" });
export const fromJson: Promise<Solution> = solve(JSON.parse("{}"));
export const checked: Promise<Solution> = solve(validateInstance(JSON.parse("{}") as unknown));

// @ts-expect-error deadlineS is a number of seconds, not a string
export const wrongType = solve({ ...instance, users: [{ ...instance.users[0]!, deadlineS: "0.5" }] });
// @ts-expect-error users is required
export const missingField = solve({ channel: instance.channel, dnn: instance.dnn });
// @ts-expect-error a misspelt field of a literal
export const misspelt = solve({ chanel: instance.channel, dnn: instance.dnn, users: instance.users });
// @ts-expect-error no such algorithm
export const badAlgorithm = solve(instance, { algorithm: "fastest" });
// @ts-expect-error an unknown value must be validated first (validateInstance), not passed as it is
export const unvalidated = solve(JSON.parse("{}") as unknown);
