/**
 * Fingerprints of every kernel algorithm on a fixed set of instances and both
 * engines: who is served at which exit, why the others are not, the total
 * band, tau, the search's nodes, its bound and whether it proved optimality.
 * A refactor of the kernels or of the way the bindings drive them must leave
 * every fingerprint identical (tests/fingerprints.test.ts compares them with
 * tests/fingerprints.json; `npm run fingerprints -- --write` records them anew,
 * which a change that alters search order or results does on purpose).
 *
 * The time limit is far above what any of these runs needs, so the limit
 * path of the budget runs without ever binding.
 */
import { solve } from "../../bindings/algorithms/solve.js";
import type { Instance, User } from "../../bindings/core/types.js";
import { generateInstance } from "../../bindings/scenarios/generate.js";
import { largeCellInstance } from "../../bench/large-cell.js";
import { KERNEL_ALGORITHMS, seedRange } from "./schemes.js";
import { handMade, TWO_EXITS, user } from "./hand-made.js";
import { randomInstance } from "../random-instances.js";

export const FINGERPRINT_ENGINES = ["wasm", "js"] as const;
/** Ten minutes: never reached by any instance below, yet a limit, so the limited path runs. */
const NEVER_BINDING_LIMIT_MS = 600_000;

export interface Fingerprint {
  served: number;
  bandwidthUsedHz: number;
  tauS: number;
  /** Per user: its exit if served, "-" if not, then the reason's first letter when unserved. */
  users: string;
  nodes: number | null;
  upperBound: number;
  optimal: boolean;
}

const manyUsers = (count: number, overrides: (k: number) => Partial<User>) => Array.from({ length: count }, (_, k) => user(`u${k}`, overrides(k)));

/** The fixed instance set, by name. tree searches exhaustively, so it runs only on instances marked small. */
export function fingerprintInstances(): Array<{ name: string; instance: Instance; small: boolean }> {
  const list: Array<{ name: string; instance: Instance; small: boolean }> = [];
  for (const seed of seedRange(1, 6)) list.push({ name: `default scenario seed ${seed}`, instance: generateInstance({ seed }), small: false });
  list.push({ name: "default scenario 200 users seed 7", instance: generateInstance({ seed: 7, users: 200 }), small: false });
  for (const [users, exits, seed] of [
    [200, 8, 1],
    [300, 5, 2],
    [500, 3, 3],
  ]) {
    list.push({ name: `large cell K=${users} N=${exits} seed ${seed}`, instance: largeCellInstance({ users, exits, seed }), small: false });
  }
  for (const seed of seedRange(1, 24)) list.push({ name: `random seed ${seed}`, instance: randomInstance(seed), small: true });
  for (const seed of seedRange(5001, 5006))
    list.push({ name: `random K 15..60 seed ${seed}`, instance: randomInstance(seed, { users: [15, 60] }), small: false });
  list.push({ name: "no users", instance: handMade([]), small: true });
  list.push({ name: "no users, frame", instance: handMade([], { frameS: 0.2 }), small: true });
  list.push({ name: "one user", instance: handMade([user("only", { minAccuracy: 0.7, deadlineS: 0.05 })]), small: true });
  list.push({ name: "one user, accuracy out of reach", instance: handMade([user("only", { minAccuracy: 0.9 })]), small: true });
  list.push({ name: "one user, unreachable", instance: handMade([user("only", { deadlineS: 0.003 })]), small: true });
  list.push({
    name: "unreachable users among servable ones",
    instance: handMade(manyUsers(8, (k) => (k % 3 === 0 ? { deadlineS: 0.002 } : { channelGain: 1e-9 * (1 + k), deadlineS: 0.03 + 0.005 * k }))),
    small: true,
  });
  list.push({
    name: "one exit",
    instance: handMade(
      manyUsers(9, (k) => ({ deadlineS: 0.02 + 0.004 * k, dataBits: 1e5 * (1 + (k % 4)) })),
      {},
      [TWO_EXITS[1]],
    ),
    small: true,
  });
  list.push({
    name: "maxBatch binding",
    instance: handMade(
      manyUsers(10, (k) => ({ deadlineS: 0.04 + 0.002 * k })),
      { dnn: { exits: TWO_EXITS, maxBatch: 3 } },
    ),
    small: true,
  });
  list.push({ name: "identical users", instance: handMade(manyUsers(10, () => ({ deadlineS: 0.03 }))), small: true });
  return list;
}

const REASON_LETTER: Record<string, string> = { "accuracy-unattainable": "a", unreachable: "u", "not-selected": "n" };

export async function fingerprintOf(
  instance: Instance,
  algorithm: (typeof KERNEL_ALGORITHMS)[number],
  engine: (typeof FINGERPRINT_ENGINES)[number],
): Promise<Fingerprint> {
  const solution = await solve(instance, { algorithm, engine, timeLimitMs: NEVER_BINDING_LIMIT_MS });
  return {
    served: solution.served,
    bandwidthUsedHz: solution.bandwidthUsedHz,
    tauS: solution.tauS,
    users: solution.users.map((u) => (u.served ? String(u.exit) : `-${REASON_LETTER[u.reason ?? ""] ?? "?"}`)).join(" "),
    nodes: solution.stats.nodes ?? null,
    upperBound: solution.upperBound,
    optimal: solution.status === "optimal",
  };
}

/** Every fingerprint of one engine, keyed "algorithm | instance | engine". */
export async function fingerprintsOf(engine: (typeof FINGERPRINT_ENGINES)[number]): Promise<Record<string, Fingerprint>> {
  const found: Record<string, Fingerprint> = {};
  for (const { name, instance, small } of fingerprintInstances()) {
    for (const algorithm of KERNEL_ALGORITHMS) {
      if (algorithm === "tree" && !small) continue;
      found[`${algorithm} | ${name} | ${engine}`] = await fingerprintOf(instance, algorithm, engine);
    }
  }
  return found;
}
