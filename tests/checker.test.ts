/**
 * The checker accepts known-good schedules (brute-force optima of every scheme)
 * and rejects corrupted copies: each corruption breaks one rule of docs/model.md and
 * must be reported. This is what makes "passes the checker" mean something.
 */
import { describe, expect, it } from "vitest";
import type { Instance, Solution } from "../bindings/core/types.js";
import { bruteForce, type BruteForceOptions } from "./bruteforce.js";
import { checkSolution } from "./checker.js";
import { solutionFromBruteForce } from "./helpers/solution-from-bruteforce.js";
import { referenceRateBps, referenceSnrHz } from "./helpers/reference-model.js";
import { randomInstance } from "./random-instances.js";

const SCHEMES: BruteForceOptions[] = [{}, { finalExitOnly: true }, { sequential: true }, { sequential: true, finalExitOnly: true }];

function clone<T>(value: T): T {
  return structuredClone(value);
}

interface Case {
  seed: number;
  instance: Instance;
  solution: Solution;
}

/** Brute-force optima of random instances whose optimum serves at least `minServed` users. */
function optimalCases(minServed: number, count: number, options: BruteForceOptions = {}): Case[] {
  const cases: Case[] = [];
  for (let seed = 1; cases.length < count && seed < 2000; seed++) {
    const instance = randomInstance(seed, { users: [2, 9] });
    const result = bruteForce(instance, options);
    if (result.served >= minServed) cases.push({ seed, instance, solution: solutionFromBruteForce(instance, result, options) });
  }
  expect(cases.length).toBe(count);
  return cases;
}

function servedIndex(solution: Solution, predicate: (u: Solution["users"][number]) => boolean = () => true): number {
  return solution.users.findIndex((u) => u.served && predicate(u));
}

/** Give user i a new bandwidth and keep every derived field consistent, so only the intended rule breaks. */
function setBandwidth(instance: Instance, solution: Solution, i: number, bandwidthHz: number): void {
  const user = solution.users[i];
  const k = instance.users.findIndex((u) => u.id === user.id);
  solution.bandwidthUsedHz += bandwidthHz - user.bandwidthHz!;
  user.bandwidthHz = bandwidthHz;
  user.uploadS = instance.users[k].dataBits / referenceRateBps(bandwidthHz, referenceSnrHz(instance, k));
}

describe("checker accepts optimal schedules", () => {
  for (const options of SCHEMES) {
    it(`brute-force optima pass, scheme ${JSON.stringify(options)}`, () => {
      let servedSomeone = 0;
      for (let seed = 1; seed <= 150; seed++) {
        const instance = randomInstance(seed);
        const result = bruteForce(instance, options);
        if (result.served > 0) servedSomeone++;
        expect(checkSolution(instance, solutionFromBruteForce(instance, result, options)), `seed ${seed}`).toEqual([]);
      }
      expect(servedSomeone).toBeGreaterThan(80);
    });
  }
});

describe("checker rejects corrupted schedules", () => {
  const batched = optimalCases(2, 12);
  const sequential = optimalCases(2, 8, { sequential: true });

  function expectRejected(cases: Case[], corrupt: (c: Case) => void, message: RegExp): void {
    for (const original of cases) {
      const c = { seed: original.seed, instance: clone(original.instance), solution: clone(original.solution) };
      expect(checkSolution(c.instance, c.solution), `seed ${c.seed} before corruption`).toEqual([]);
      corrupt(c);
      const violations = checkSolution(c.instance, c.solution);
      expect(
        violations.some((v) => message.test(v)),
        `seed ${c.seed}: ${violations.join("; ")}`,
      ).toBe(true);
    }
  }

  it("too little bandwidth for the rate", () => {
    expectRejected(
      batched,
      ({ instance, solution }) => {
        const i = servedIndex(solution);
        setBandwidth(instance, solution, i, solution.users[i].bandwidthHz! * 0.99);
      },
      /rate .* < needed/,
    );
  });

  it("more bandwidth than the band", () => {
    expectRejected(
      batched,
      ({ instance, solution }) => {
        const i = servedIndex(solution);
        setBandwidth(instance, solution, i, solution.users[i].bandwidthHz! + instance.channel.bandwidthHz);
      },
      /bandwidth used .* > available/,
    );
  });

  it("bandwidthUsedHz not the sum", () => {
    expectRejected(
      batched,
      ({ solution }) => {
        solution.bandwidthUsedHz *= 1.01;
      },
      /bandwidthUsedHz/,
    );
  });

  it("a missed deadline (whole schedule shifted later, consistently)", () => {
    expectRejected(
      batched,
      ({ solution }) => {
        const shiftS = solution.tauS * 0.01;
        solution.tauS += shiftS;
        for (const b of solution.blocks) (b.startS += shiftS), (b.endS += shiftS);
        for (const u of solution.users) if (u.served) u.completionS! += shiftS;
      },
      /after its deadline/,
    );
  });

  it("a deadline tighter than the completion", () => {
    expectRejected(
      batched,
      ({ instance, solution }) => {
        const i = servedIndex(solution);
        instance.users[i].deadlineS = solution.users[i].completionS! * (1 - 1e-6);
        solution.users[i].deadlineS = instance.users[i].deadlineS;
      },
      /after its deadline/,
    );
  });

  it("too many users for maxBatch", () => {
    expectRejected(
      batched,
      ({ instance, solution }) => {
        instance.dnn.maxBatch = solution.served - 1;
      },
      /batch limit/,
    );
  });

  it("tau before the uploads finish", () => {
    expectRejected(
      batched,
      ({ solution }) => {
        solution.tauS *= 0.9;
      },
      /rate .* < needed|uploadS .* > tauS/,
    );
  });

  it("an exit not accurate enough", () => {
    const deep = batched.filter((c) => servedIndex(c.solution, (u) => u.exit! > 1) >= 0);
    expect(deep.length).toBeGreaterThan(3);
    expectRejected(
      deep,
      ({ solution }) => {
        solution.users[servedIndex(solution, (u) => u.exit! > 1)].exit! -= 1;
      },
      /accuracy/,
    );
  });

  it("an exit outside 1..N", () => {
    expectRejected(
      batched,
      ({ instance, solution }) => {
        solution.users[servedIndex(solution)].exit = instance.dnn.exits.length + 1;
      },
      /not in 1\.\./,
    );
  });

  it("early exits under a final-exit-only scheme", () => {
    const early = batched.filter((c) => servedIndex(c.solution, (u) => u.exit! < c.instance.dnn.exits.length) >= 0);
    expect(early.length).toBeGreaterThan(3);
    for (const c of early) {
      expect(checkSolution(c.instance, c.solution, { finalExitOnly: true }).join()).toMatch(/requires the last exit/);
    }
  });

  it("served count wrong", () => {
    expectRejected(
      batched,
      ({ solution }) => {
        solution.served += 1;
        solution.upperBound += 1;
      },
      /marked served/,
    );
  });

  it("optimal claimed with a larger upper bound", () => {
    expectRejected(
      batched,
      ({ solution }) => {
        solution.upperBound += 1;
      },
      /status optimal/,
    );
  });

  it("throughput wrong", () => {
    expectRejected(
      batched,
      ({ solution }) => {
        solution.throughputPerS *= 2;
      },
      /throughputPerS/,
    );
  });

  it("a block with the wrong batch size or timing", () => {
    expectRejected(
      batched,
      ({ solution }) => {
        solution.blocks[0].batch += 1;
      },
      /block 1: batch/,
    );
    expectRejected(
      batched,
      ({ solution }) => {
        solution.blocks[0].endS += 1e-4;
      },
      /block 1: ends/,
    );
    expectRejected(
      batched,
      ({ solution }) => {
        solution.blocks.push({ ...solution.blocks[solution.blocks.length - 1], block: solution.blocks.length + 1 });
      },
      /block runs, expected/,
    );
  });

  it("a completion time misreported", () => {
    expectRejected(
      batched,
      ({ solution }) => {
        solution.users[servedIndex(solution)].completionS! *= 0.999;
      },
      /completionS/,
    );
  });

  it("a user missing, duplicated or with a changed deadline", () => {
    expectRejected(
      batched,
      ({ solution }) => {
        solution.users.pop();
      },
      /missing/,
    );
    expectRejected(
      batched,
      ({ solution }) => {
        solution.users.push(clone(solution.users[0]));
      },
      /more than once/,
    );
    expectRejected(
      batched,
      ({ solution }) => {
        solution.users[0].deadlineS *= 2;
      },
      /deadlineS/,
    );
  });

  it("a false reason for an unserved user", () => {
    const withUnserved = batched.filter((c) => c.solution.users.some((u) => !u.served));
    expect(withUnserved.length).toBeGreaterThan(3);
    const swap = { "not-selected": "unreachable", unreachable: "not-selected", "accuracy-unattainable": "not-selected" } as const;
    expectRejected(
      withUnserved,
      ({ solution }) => {
        const u = solution.users.find((x) => !x.served)!;
        u.reason = swap[u.reason!];
      },
      /true reason/,
    );
  });

  it("nobody served but a batch start", () => {
    const c = { instance: clone(batched[0].instance), solution: clone(batched[0].solution) };
    for (const u of c.solution.users) if (u.served) Object.assign(u, { served: false, reason: "not-selected", exit: undefined });
    c.solution.served = 0;
    c.solution.bandwidthUsedHz = 0;
    for (const u of c.solution.users) delete u.bandwidthHz;
    c.solution.throughputPerS = 0;
    c.solution.upperBound = 0;
    c.solution.status = "feasible";
    expect(checkSolution(c.instance, c.solution).join()).toMatch(/nobody served but tauS/);
  });

  it("sequential: a batch above 1, interleaved tasks, misreported completion", () => {
    expectRejected(
      sequential,
      ({ solution }) => {
        solution.blocks[0].batch = 2;
      },
      /sequential schemes run batch 1/,
    );
    expectRejected(
      sequential,
      ({ solution }) => {
        const last = solution.blocks.length - 1;
        [solution.blocks[0], solution.blocks[last]] = [solution.blocks[last], solution.blocks[0]];
      },
      /expected its block|starts at|runs twice/,
    );
    expectRejected(
      sequential,
      ({ solution }) => {
        solution.users[servedIndex(solution)].completionS! += 1e-3;
      },
      /completionS/,
    );
  });

  it("sequential schedule checked as batched is rejected", () => {
    for (const c of sequential) {
      expect(checkSolution(c.instance, c.solution, { scheme: "batched" }).length).toBeGreaterThan(0);
    }
  });
});
