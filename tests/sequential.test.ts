/**
 * The sequential schemes (no-batching, conventional) are exact: on hundreds
 * of seeded instances up to 16 users both engines equal the brute force of
 * each scheme (every subset, deadline order, tau as late as the set allows)
 * in served count and least band, prove it (status optimal, upperBound ==
 * served) and pass the independent checker; at 60-200 users they equal a
 * second exact method written without any of the kernel's pruning
 * (helpers/sequential-reference.ts); cut short by a time limit they
 * still return a valid schedule under a true bound.
 */
import { describe, expect, it } from "vitest";
import { solve } from "../bindings/algorithms/solve.js";
import type { Instance, Solution } from "../bindings/core/types.js";
import { bruteForce } from "./bruteforce.js";
import { checkSolution } from "./checker.js";
import { sameBandwidth, schemeOf, seedRange } from "./helpers/schemes.js";
import { randomInstance, type RandomInstanceOptions } from "./random-instances.js";
import { generateInstance } from "../bindings/scenarios/generate.js";
import { sequentialReference } from "./helpers/sequential-reference.js";

const SCHEMES = ["no-batching", "conventional"] as const;
const ENGINES = ["wasm", "js"] as const;
/** Generous: the tests assert optimality, never speed. */
const TIME_LIMIT_MS = 60_000;

interface Case {
  label: string;
  instance: Instance;
}

function cases(seeds: number[], options: RandomInstanceOptions = {}): Case[] {
  return seeds.map((seed) => ({ label: `seed ${seed} ${JSON.stringify(options)}`, instance: randomInstance(seed, options) }));
}

/** Mixed small instances, then crowded ones (15-16 users) where the sequential schemes must choose. */
const SMALL: Case[] = [
  ...cases(seedRange(1, 200)),
  ...cases(seedRange(5001, 5060), { users: [15, 16], exits: [2, 8], deadlines: "loose" }),
  ...cases(seedRange(5101, 5140), { users: [15, 16], exits: [3, 6], bandwidth: "tight", latency: "affine" }),
];

/** The brute force of each scheme, once per instance (both engines compare with it). */
const references = new Map<string, ReturnType<typeof bruteForce>>();
function reference(c: Case, algorithm: (typeof SCHEMES)[number]) {
  const key = `${algorithm} ${c.label}`;
  if (!references.has(key)) references.set(key, bruteForce(c.instance, schemeOf(algorithm)));
  return references.get(key)!;
}

describe("no-batching and conventional equal the brute force of their scheme (K <= 16)", () => {
  for (const algorithm of SCHEMES) {
    for (const engine of ENGINES) {
      it(`${algorithm} on ${engine}: served count, least band, proved optimal, valid`, async () => {
        let choosing = 0;
        for (const c of SMALL) {
          const solution = await solve(c.instance, { algorithm, engine, timeLimitMs: TIME_LIMIT_MS });
          const optimum = reference(c, algorithm);
          const where = `${algorithm} ${engine} ${c.label}`;
          expect(checkSolution(c.instance, solution), where).toEqual([]);
          expect(solution.served, where).toBe(optimum.served);
          expect(
            sameBandwidth(solution.bandwidthUsedHz, optimum.totalBandwidthHz),
            `${where}: band ${solution.bandwidthUsedHz} vs ${optimum.totalBandwidthHz}`,
          ).toBe(true);
          expect(solution.status, where).toBe("optimal");
          expect(solution.upperBound, where).toBe(optimum.served);
          if (optimum.served > 0 && optimum.served < c.instance.users.length) choosing++;
        }
        // The comparison means something only if many instances serve some but not all.
        expect(choosing).toBeGreaterThan(SMALL.length / 3);
      });
    }
  }
});

describe("past the brute force (60-200 users): equal to the unpruned second method", () => {
  const large: Case[] = [
    ...[60, 120, 200].flatMap((users) =>
      seedRange(1, 2).map((seed) => ({ label: `default scenario K=${users} seed ${seed}`, instance: generateInstance({ users, seed }) })),
    ),
    ...cases(seedRange(6001, 6012), { users: [60, 200], exits: [1, 4], identicalUsersProbability: 0.1 }),
  ];
  for (const algorithm of SCHEMES) {
    it(`${algorithm}: served count and least band, both engines`, async () => {
      let someServed = 0;
      for (const c of large) {
        const second = sequentialReference(c.instance, algorithm === "conventional");
        for (const engine of ENGINES) {
          const solution = await solve(c.instance, { algorithm, engine, timeLimitMs: TIME_LIMIT_MS });
          const where = `${algorithm} ${engine} ${c.label}`;
          expect(checkSolution(c.instance, solution), where).toEqual([]);
          expect(solution.status, where).toBe("optimal");
          expect(solution.served, where).toBe(second.served);
          expect(sameBandwidth(solution.bandwidthUsedHz, second.bandwidthHz), `${where}: band ${solution.bandwidthUsedHz} vs ${second.bandwidthHz}`).toBe(true);
        }
        if (second.served > 0) someServed++;
      }
      expect(someServed).toBeGreaterThan(large.length / 2);
    });
  }
});

describe("time limits", () => {
  it("cut short, both schemes return a valid schedule with a true bound", async () => {
    let cutShort = 0;
    for (const seed of seedRange(1, 4)) {
      const instance = generateInstance({ users: 200, seed });
      for (const algorithm of SCHEMES) {
        const full = await solve(instance, { algorithm, engine: "wasm", timeLimitMs: TIME_LIMIT_MS });
        expect(full.status).toBe("optimal");
        // 1 microsecond: the search stops before or during its first interval.
        for (const limit of [0.001, 0.5]) {
          const limited: Solution = await solve(instance, { algorithm, engine: "wasm", timeLimitMs: limit });
          const where = `${algorithm} seed ${seed} limit ${limit}`;
          expect(checkSolution(instance, limited), where).toEqual([]);
          expect(limited.served, where).toBeLessThanOrEqual(full.served);
          expect(limited.upperBound, where).toBeGreaterThanOrEqual(full.served);
          if (limited.status === "optimal") expect(limited.served, where).toBe(full.served);
          else cutShort++;
        }
      }
    }
    // A limit of 1 microsecond stops the search before it proves anything on 200 users.
    expect(cutShort).toBeGreaterThan(0);
  });
});
