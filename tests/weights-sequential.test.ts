/**
 * The sequential schemes (no-batching, conventional) with users' weights: on
 * hundreds of seeded instances up to 16 users both engines equal the brute
 * force of each scheme (every subset, deadline order) in served weight, then
 * least band, prove it (status optimal, upperBound the optimum's weight) and
 * pass the independent checker; the two engines give the same schedules;
 * weights of 1 give the very schedules of no weights; cut short by a time
 * limit, the schedule is valid and its bound still bounds the optimum.
 */
import { describe, expect, it } from "vitest";
import { solve } from "../bindings/algorithms/solve.js";
import type { Instance, Solution } from "../bindings/core/types.js";
import { generateInstance } from "../bindings/scenarios/generate.js";
import { bruteForce, type BruteForceResult } from "./bruteforce.js";
import { checkSolution } from "./checker.js";
import { sameBandwidth, schemeOf, seedRange } from "./helpers/schemes.js";
import { levelInstance, sameWeight, servedWeight, weightedInstance } from "./helpers/weighted-instances.js";
import { Rng, type RandomInstanceOptions } from "./random-instances.js";

const SCHEMES = ["no-batching", "conventional"] as const;
type Scheme = (typeof SCHEMES)[number];
const ENGINES = ["wasm", "js"] as const;
/** Generous: the tests assert optimality, never speed. */
const TIME_LIMIT_MS = 60_000;
/** The first engine's test computes the brute force of 270 instances of up to 16 users (the second reuses them). */
const BRUTE_FORCE_TIMEOUT_MS = 600_000;

interface Case {
  label: string;
  instance: Instance;
}

function weighted(seeds: number[], options: RandomInstanceOptions = {}): Case[] {
  return seeds.map((seed) => ({ label: `weights seed ${seed} ${JSON.stringify(options)}`, instance: weightedInstance(seed, options) }));
}

/** Mixed small instances, crowded ones (15-16 users) where the schemes must choose, and weights from {1, 2, 5} where the band decides ties. */
const SMALL: Case[] = [
  ...weighted(seedRange(1, 150)),
  ...weighted(seedRange(5001, 5050), { users: [15, 16], exits: [2, 8], deadlines: "loose" }),
  ...weighted(seedRange(5101, 5130), { users: [15, 16], exits: [3, 6], bandwidth: "tight", latency: "affine" }),
  ...seedRange(2001, 2040).map((seed) => ({ label: `levels seed ${seed}`, instance: levelInstance(seed, { users: [10, 16], deadlines: "loose" }) })),
];

/** The default scenario with weights uniform in [0.25, 5] (seeded). */
function weightedScenario(users: number, seed: number): Instance {
  const instance = generateInstance({ users, seed });
  const rng = new Rng(seed * 7919 + 17);
  return { ...instance, users: instance.users.map((u) => ({ ...u, weight: rng.uniform(0.25, 5) })) };
}

const references = new Map<string, BruteForceResult>();
function reference(c: Case, algorithm: Scheme): BruteForceResult {
  const key = `${algorithm} ${c.label}`;
  if (!references.has(key)) references.set(key, bruteForce(c.instance, schemeOf(algorithm)));
  return references.get(key)!;
}

function run(instance: Instance, algorithm: Scheme, engine: (typeof ENGINES)[number], timeLimitMs = TIME_LIMIT_MS): Promise<Solution> {
  return solve(instance, { algorithm, engine, timeLimitMs });
}

describe("no-batching and conventional with weights equal the brute force of their scheme (K <= 16)", () => {
  for (const algorithm of SCHEMES) {
    for (const engine of ENGINES) {
      it(
        `${algorithm} on ${engine}: served weight, least band, proved optimal, valid`,
        async () => {
          let choosing = 0;
          let notByCount = 0;
          for (const c of SMALL) {
            const solution = await run(c.instance, algorithm, engine);
            const optimum = reference(c, algorithm);
            const where = `${algorithm} ${engine} ${c.label}`;
            expect(checkSolution(c.instance, solution), where).toEqual([]);
            expect(sameWeight(solution.objective, servedWeight(c.instance, solution)), `${where}: objective is the served weight`).toBe(true);
            expect(sameWeight(solution.objective, optimum.weight), `${where}: weight ${solution.objective} vs ${optimum.weight}`).toBe(true);
            expect(
              sameBandwidth(solution.bandwidthUsedHz, optimum.totalBandwidthHz),
              `${where}: band ${solution.bandwidthUsedHz} vs ${optimum.totalBandwidthHz}`,
            ).toBe(true);
            expect(solution.status, where).toBe("optimal");
            expect(solution.upperBound, where).toBeGreaterThanOrEqual(solution.objective);
            expect(solution.upperBound, where).toBeLessThanOrEqual(optimum.weight * (1 + 1e-9));
            if (optimum.served > 0 && optimum.served < c.instance.users.length) choosing++;
            // The most tasks (the scheme without weights, exact by tests/sequential.test.ts) would weigh less.
            const plain = { ...c.instance, users: c.instance.users.map(({ weight: _, ...u }) => u) };
            if (engine === "wasm" && (await run(plain, algorithm, engine)).served > optimum.served) notByCount++;
          }
          // The comparison means something only if many instances serve some but not all, and some trade count for weight.
          expect(choosing).toBeGreaterThan(SMALL.length / 3);
          if (engine === "wasm") {
            console.log(`${algorithm}: ${SMALL.length} instances, ${choosing} choosing, ${notByCount} where the heaviest set is not the largest`);
            expect(notByCount).toBeGreaterThan(0);
          }
        },
        BRUTE_FORCE_TIMEOUT_MS,
      );
    }
  }
});

describe("both engines give the same schedules with weights", () => {
  for (const algorithm of SCHEMES) {
    it(`${algorithm}: small instances and the default scenario at 60-200 users`, async () => {
      const cases = [
        ...SMALL.slice(0, 60),
        ...[60, 120, 200].flatMap((users) => seedRange(1, 2).map((seed) => ({ label: `K=${users} seed ${seed}`, instance: weightedScenario(users, seed) }))),
      ];
      for (const c of cases) {
        const a = await run(c.instance, algorithm, "wasm");
        const b = await run(c.instance, algorithm, "js");
        a.stats.timeMs = 0;
        b.stats.timeMs = 0;
        b.engine = a.engine;
        expect(a.status, `${algorithm} ${c.label}`).toBe("optimal");
        expect(checkSolution(c.instance, a), `${algorithm} ${c.label}`).toEqual([]);
        expect(JSON.stringify(b), `${algorithm} ${c.label}`).toBe(JSON.stringify(a));
      }
    });
  }
});

describe("weights of 1", () => {
  it("give byte-identical Solutions to no weights on the crowded instances too", async () => {
    for (const c of SMALL.slice(150, 230)) {
      const plain = { ...c.instance, users: c.instance.users.map(({ weight: _, ...u }) => u) };
      const ones = { ...c.instance, users: plain.users.map((u) => ({ ...u, weight: 1 })) };
      for (const algorithm of SCHEMES) {
        for (const engine of ENGINES) {
          const a = await run(plain, algorithm, engine);
          const b = await run(ones, algorithm, engine);
          a.stats.timeMs = 0;
          b.stats.timeMs = 0;
          expect(JSON.stringify(b), `${algorithm} ${engine} ${c.label}`).toBe(JSON.stringify(a));
        }
      }
    }
  });
});

describe("time limits with weights", () => {
  it("cut short, both schemes return a valid schedule whose bound is above the optimum's weight", async () => {
    let cutShort = 0;
    for (const seed of seedRange(1, 4)) {
      const instance = weightedScenario(200, seed);
      for (const algorithm of SCHEMES) {
        const full = await run(instance, algorithm, "wasm");
        expect(full.status).toBe("optimal");
        for (const engine of ENGINES) {
          for (const limit of [0.001, 0.5, 2]) {
            const limited = await run(instance, algorithm, engine, limit);
            const where = `${algorithm} ${engine} seed ${seed} limit ${limit}`;
            expect(checkSolution(instance, limited), where).toEqual([]);
            expect(limited.objective, where).toBeLessThanOrEqual(full.objective * (1 + 1e-9));
            expect(limited.upperBound, where).toBeGreaterThanOrEqual(full.objective * (1 - 1e-9));
            if (limited.status === "optimal") expect(sameWeight(limited.objective, full.objective), where).toBe(true);
            else cutShort++;
          }
        }
      }
    }
    expect(cutShort).toBeGreaterThan(0);
  });

  it("cut short on the small instances, the bound is above the brute force's weight", async () => {
    for (const c of SMALL.slice(150, 210)) {
      for (const algorithm of SCHEMES) {
        const limited = await run(c.instance, algorithm, "wasm", 1e-9);
        const optimum = reference(c, algorithm);
        expect(checkSolution(c.instance, limited), c.label).toEqual([]);
        expect(limited.objective, c.label).toBeLessThanOrEqual(optimum.weight * (1 + 1e-9));
        expect(limited.upperBound, c.label).toBeGreaterThanOrEqual(optimum.weight * (1 - 1e-9));
      }
    }
  });
});
