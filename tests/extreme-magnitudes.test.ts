/**
 * Issue 11, kind 1: at extreme magnitudes (SNR p g / N0 near the top of the
 * doubles, dataBits subnormal) a served user once got 0 Hz and uploadS NaN.
 * Now w^min is positive, finite and carries the data by tau over the whole
 * range the validator accepts, and what it cannot accept (an SNR that
 * overflows, a frame so short the throughput is infinite) is rejected naming
 * the user or field and the range.
 */
import { describe, expect, it } from "vitest";
import { loadEngine } from "../bindings/core/engine.js";
import { solve } from "../bindings/algorithms/solve.js";
import { InstanceError } from "../bindings/core/errors.js";
import { ALGORITHMS, type Instance, type User } from "../bindings/core/types.js";
import { checkSolution } from "./checker.js";
import { referenceRateBps, referenceWminHz } from "./helpers/reference-model.js";

const ENGINES = ["wasm", "js"] as const;
const MIN_NORMAL = 2.2250738585072014e-308;

function instanceWith(overrides: Partial<User>, noisePsdWPerHz = 4e-21, bandwidthHz = 2e7): Instance {
  const user = (id: string, extra: Partial<User> = {}): User => ({
    id,
    dataBits: 2e5,
    powerW: 0.2,
    channelGain: 1e-10,
    minAccuracy: 0.5,
    deadlineS: 0.2,
    ...extra,
  });
  return {
    channel: { bandwidthHz, noisePsdWPerHz },
    dnn: {
      exits: [
        { accuracy: 0.6, latency: { perSampleS: 0.001, fixedS: 0.002 } },
        { accuracy: 0.8, latency: { perSampleS: 0.002, fixedS: 0.001 } },
      ],
    },
    users: [user("extreme", overrides), user("plain")],
  };
}

describe.each(ENGINES)("w^min at extreme magnitudes on the %s engine", (engineName) => {
  // s from tiny to the largest double, rates from subnormal (L = 5e-324) to huge.
  const SNRS_HZ = [MIN_NORMAL, 1e-200, 1, 1e10, 1e200, 1e300, Number.MAX_VALUE];
  const CASES: Array<[number, number]> = [
    [5e-324, 0.1],
    [5e-324, 10],
    [1e-300, 0.5],
    [1e-200, 1e-3],
    [1, 1],
    [2e5, 0.05],
    [1e300, 1e-5],
    [1.7e308, 2],
    [1e308, 5e-324],
  ];

  it("is positive, carries the data by tau, and matches the bisection reference", async () => {
    const engine = await loadEngine(engineName);
    let checked = 0;
    for (const snrHz of SNRS_HZ) {
      for (const [dataBits, tauS] of CASES) {
        const at = `L=${dataBits} s=${snrHz} tau=${tauS}`;
        const w = engine.wminHz(dataBits, snrHz, tauS);
        const reference = referenceWminHz(dataBits, snrHz, tauS);
        if (reference === Infinity) {
          expect(w, at).toBe(Infinity);
          continue;
        }
        checked++;
        expect(w, at).toBeGreaterThan(0);
        expect(Number.isFinite(w) || reference > Number.MAX_VALUE / 2, at).toBe(true);
        if (!Number.isFinite(w)) continue;
        // Carries the data: r(w) tau >= L (rates compared as L/tau may underflow).
        expect(referenceRateBps(w, snrHz) * tauS, at).toBeGreaterThanOrEqual(dataBits * (1 - 1e-12));
        // Least: equal to the reference; below the normal doubles, at most a few steps of 5e-324 above it.
        if (reference >= MIN_NORMAL) expect(Math.abs(w - reference) / reference, at).toBeLessThanOrEqual(1e-9);
        else expect(w - reference, at).toBeLessThanOrEqual(3 * Number.MIN_VALUE + 1e-12 * reference);
      }
    }
    expect(checked).toBeGreaterThan(30);
  });
});

describe("solve() at extreme magnitudes", () => {
  const accepted: Array<[string, Partial<User>, number?, number?]> = [
    ["dataBits 5e-324 (subnormal)", { dataBits: 5e-324 }],
    ["dataBits 1e-300", { dataBits: 1e-300 }],
    ["channelGain 1e250 (SNR 5e267 Hz)", { channelGain: 1e250 }],
    ["noise 1e-300 (SNR 2e289 Hz)", {}, 1e-300],
    // Found by npm run fuzz: w^min rounded up to the smallest normal double (2.2e-308) no longer fitted the band.
    ["dataBits 5e-324 in a band of 1e-310 Hz", { dataBits: 5e-324 }, 4e-21, 1e-310],
    ["dataBits 1e300, SNR 1e305 Hz, band 1e301 Hz", { dataBits: 1e300, channelGain: (1e305 / 0.2) * 4e-21 }, 4e-21, 1e301],
  ];

  it.each(accepted)("%s: every algorithm on both engines serves with a positive band that passes the checker", async (_label, overrides, noise, band) => {
    const instance = instanceWith(overrides, noise, band);
    for (const algorithm of ALGORITHMS) {
      for (const engine of algorithm === "milp" ? (["auto"] as const) : ENGINES) {
        const solution = await solve(instance, { algorithm, engine });
        expect(checkSolution(instance, solution), `${algorithm} ${engine}`).toEqual([]);
        const extreme = solution.users.find((u) => u.id === "extreme")!;
        expect(extreme.served, `${algorithm} ${engine}`).toBe(true);
        expect(extreme.bandwidthHz! > 0 && Number.isFinite(extreme.bandwidthHz!), `${algorithm} ${engine}: ${extreme.bandwidthHz}`).toBe(true);
        expect(Number.isFinite(extreme.uploadS!) && extreme.uploadS! <= solution.tauS, `${algorithm} ${engine}: uploadS ${extreme.uploadS}`).toBe(true);
      }
    }
  });

  it("milp with deadlines of 1e149 s (HiGHS refused the model in milliseconds): checked, equal to exact", async () => {
    // Found by the property tests: block times of 1e146 s are 1e149 ms, past HiGHS's 1e20 infinity.
    const instance: Instance = {
      channel: { bandwidthHz: 30000, noisePsdWPerHz: 4e-21 },
      dnn: {
        exits: [
          {
            accuracy: 0,
            latency: {
              points: [
                [1, 1e146],
                [2, 1e146],
              ],
            },
          },
        ],
      },
      users: [
        { id: "u0", dataBits: 1e154, powerW: 0.01, channelGain: 1e-13, minAccuracy: 0, deadlineS: 1.1137466959566184e149 },
        { id: "u1", dataBits: 1e154, powerW: 0.01, channelGain: 1e-13, minAccuracy: 0, deadlineS: 1.1624298934580716e149 },
      ],
    };
    const milp = await solve(instance, { algorithm: "milp" });
    const exact = await solve(instance, { algorithm: "exact" });
    expect(checkSolution(instance, milp)).toEqual([]);
    expect(milp.served).toBe(exact.served);
    expect(milp.bandwidthUsedHz).toBeCloseTo(exact.bandwidthUsedHz, 6);
  });

  const rejected: Array<[string, Partial<User>, number | undefined, RegExp]> = [
    [
      "channelGain 1e300",
      { channelGain: 1e300 },
      undefined,
      /^users\[0\]: the SNR per hertz powerW \* channelGain \/ channel\.noisePsdWPerHz = .* = Infinity is outside the range .*\[2\.2250738585072014e-308, 1\.7976931348623157e\+308\] Hz$/,
    ],
    ["noisePsdWPerHz 5e-324", {}, 5e-324, /^users\[0\]: the SNR per hertz .* \/ 5e-324 = Infinity is outside/],
    ["an SNR that underflows", { channelGain: 1e-300, powerW: 1e-30 }, 1, /^users\[0\]: the SNR per hertz .* = 0 is outside/],
  ];

  it.each(rejected)("%s: rejected, naming the user and the accepted range", async (_label, overrides, noise, message) => {
    const error = await solve(instanceWith(overrides, noise)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InstanceError);
    expect((error as InstanceError).issues.map((i) => `${i.path}: ${i.message}`)[0]).toMatch(message);
  });

  it("a deadline of 1e300 s: every algorithm serves the user with a finite upload time", async () => {
    const instance = instanceWith({ deadlineS: 1e300, dataBits: 1e4 });
    for (const algorithm of ALGORITHMS) {
      const solution = await solve(instance, { algorithm });
      expect(checkSolution(instance, solution), algorithm).toEqual([]);
      const user = solution.users.find((u) => u.id === "extreme")!;
      expect(user.served && Number.isFinite(user.uploadS!), `${algorithm}: uploadS ${user.uploadS}`).toBe(true);
    }
  });

  it("a band of 1.8e308 Hz and an SNR of 5e-22 Hz: the user is servable (s / W underflowed to 0 and read as no rate; found by npm run fuzz)", async () => {
    // s = 0.05 * 4e-11 / 4e9 = 5e-22 Hz: the rate tends to s / ln 2 = 7e-22 bit/s as the band grows, above 1e-24 bit / 0.2 s.
    const instance = instanceWith({ dataBits: 1e-24, powerW: 0.05, channelGain: 4e-11 }, 4e9, Number.MAX_VALUE);
    for (const engine of ENGINES) {
      for (const algorithm of ALGORITHMS.filter((a) => engine === "wasm" || a !== "milp")) {
        const solution = await solve(instance, { algorithm, engine });
        expect(checkSolution(instance, solution), `${algorithm} on ${engine}`).toEqual([]);
        const user = solution.users.find((u) => u.id === "extreme")!;
        expect(user.served || user.reason === "not-selected", `${algorithm} on ${engine}: ${user.reason}`).toBe(true);
      }
    }
  });

  it("rejects a deadline near the largest double, where the upload time overflowed (found by npm run fuzz)", async () => {
    const error = await solve(instanceWith({ deadlineS: Number.MAX_VALUE })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InstanceError);
    expect((error as InstanceError).message).toBe(
      "users[0].deadlineS: must be at most 1e+300 s (an upload as long as a deadline near 1.8e308 s overflows), got 1.7976931348623157e+308",
    );
  });

  it("rejects a frame so short the throughput would be infinite (frameS 1e-320)", async () => {
    const error = await solve({ ...instanceWith({}), frameS: 1e-320 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InstanceError);
    expect((error as InstanceError).message).toBe("frameS: must be at least 1e-290 s (a shorter frame makes the throughput infinite), got 1e-320");
  });

  it("rejects subnormal deadlines without frameS, asking for frameS", async () => {
    const instance = instanceWith({ deadlineS: 1e-320 });
    instance.users[1].deadlineS = 1e-319;
    const error = await solve(instance).catch((e: unknown) => e);
    expect((error as InstanceError).message).toMatch(/^frameS: is missing and the frame defaults to the largest deadline, 1e-319 s, shorter than 1e-290 s/);
  });

  it("accepts the shortest frame and gives a finite throughput", async () => {
    const solution = await solve({ ...instanceWith({}), frameS: 1e-290 });
    expect(Number.isFinite(solution.throughputPerS)).toBe(true);
  });
});
