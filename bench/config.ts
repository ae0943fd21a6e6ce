/** What a benchmark run covers, from its command-line flags. */
import { parseArgs } from "node:util";
import { CONTENDERS, type Contender } from "./runners.js";
import type { RepetitionPlan } from "./measure.js";

export interface BenchConfig {
  /** K for every contender... */
  users: number[];
  /** ...and these larger K for greedy only. */
  largeUsers: number[];
  exits: number[];
  /** K of the "large cell, no batch limit" family (exact and greedy; same exits). */
  largeCellUsers: number[];
  /** Every algorithm's whole solve() on this many users of that family with this limit (users 0: skip). */
  limitCheck: { users: number; limitMs: number };
  contenders: Contender[];
  seed: number;
  plan: RepetitionPlan;
  /** Consecutive solves in the memory check; 0 skips it. */
  memorySolves: number;
  outDir: string;
}

export const DEFAULT_CONFIG: BenchConfig = {
  users: [20, 50, 100, 200, 500, 1000],
  largeUsers: [5000, 20000],
  exits: [2, 5, 8],
  largeCellUsers: [100, 200, 500, 1000, 2000, 5000],
  limitCheck: { users: 20_000, limitMs: 200 },
  contenders: [...CONTENDERS],
  seed: 1,
  plan: { capMs: 2000, minReps: 5, maxReps: 50, minTotalMs: 200, budgetMs: 4000 },
  memorySolves: 10_000,
  outDir: "results",
};

/** --quick: the target cells only, fewer repetitions, a shorter cap and memory run. */
const QUICK: Partial<BenchConfig> = {
  users: [50, 100, 200, 500, 1000],
  largeUsers: [20000],
  exits: [5],
  largeCellUsers: [100, 500, 1000],
  plan: { capMs: 1000, minReps: 3, maxReps: 20, minTotalMs: 50, budgetMs: 1500 },
  memorySolves: 2000,
};

export const USAGE = `npm run bench -- [flags]

  --quick                 N = 5, K = 50..1000 and 20000 (greedy), fewer repetitions, 1 s cap, 2000-solve memory check
  --ks 20,50              K for every algorithm (default ${DEFAULT_CONFIG.users.join(",")})
  --greedy-ks 5000,20000  extra K for greedy only (default ${DEFAULT_CONFIG.largeUsers.join(",")}; "" for none)
  --ns 2,5,8              numbers of exits (default ${DEFAULT_CONFIG.exits.join(",")})
  --large-cell-ks 100,1000  K of the large cell without batch limit (default ${DEFAULT_CONFIG.largeCellUsers.join(",")}; "" for none)
  --limit-check-users N   every algorithm's whole solve() on N large-cell users, ${DEFAULT_CONFIG.limitCheck.limitMs} ms limit (default ${DEFAULT_CONFIG.limitCheck.users}; 0: skip)
  --algorithms a,b        among ${CONTENDERS.join(", ")}
  --cap-ms 2000           time cap per run; a run past it is reported as "> cap"
  --reps 5                counted repetitions per cell (after one warm-up)
  --seed 1                scenario seed
  --memory-solves 10000   consecutive solves in the memory check (0: skip)
  --out results           where bench.json and bench.svg go
  --no-docs               leave docs/performance.md as it is (by default the run writes its tables there)
`;

function numbers(flag: string, text: string): number[] {
  if (text.trim() === "") return [];
  const values = text.split(",").map((s) => Number(s.trim()));
  if (values.some((v) => !Number.isInteger(v) || v <= 0)) throw new Error(`--${flag}: expected positive integers separated by commas, got "${text}"`);
  return values;
}

function positive(flag: string, text: string, allowZero = false): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0))
    throw new Error(`--${flag}: expected a ${allowZero ? "non-negative" : "positive"} number, got "${text}"`);
  return value;
}

/** The configuration for argv; throws with a message naming the flag on bad input. `help` asks for USAGE. */
export function parseConfig(argv: string[]): BenchConfig & { help: boolean; writeDocs: boolean } {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      quick: { type: "boolean" },
      help: { type: "boolean", short: "h" },
      ks: { type: "string" },
      "greedy-ks": { type: "string" },
      ns: { type: "string" },
      "large-cell-ks": { type: "string" },
      "limit-check-users": { type: "string" },
      algorithms: { type: "string" },
      "cap-ms": { type: "string" },
      reps: { type: "string" },
      seed: { type: "string" },
      "memory-solves": { type: "string" },
      out: { type: "string" },
      "no-docs": { type: "boolean" },
    },
  });
  const config: BenchConfig = { ...DEFAULT_CONFIG, ...(values.quick ? QUICK : {}) };
  config.plan = { ...config.plan };
  if (values.ks !== undefined) config.users = numbers("ks", values.ks);
  if (values["greedy-ks"] !== undefined) config.largeUsers = numbers("greedy-ks", values["greedy-ks"]);
  if (values.ns !== undefined) config.exits = numbers("ns", values.ns);
  if (values["large-cell-ks"] !== undefined) config.largeCellUsers = numbers("large-cell-ks", values["large-cell-ks"]);
  if (values["limit-check-users"] !== undefined)
    config.limitCheck = { ...config.limitCheck, users: Math.round(positive("limit-check-users", values["limit-check-users"], true)) };
  if (values.algorithms !== undefined) {
    const names = values.algorithms.split(",").map((s) => s.trim());
    const unknown = names.filter((n) => !(CONTENDERS as readonly string[]).includes(n));
    if (unknown.length > 0) throw new Error(`--algorithms: unknown ${unknown.join(", ")} (known: ${CONTENDERS.join(", ")})`);
    config.contenders = CONTENDERS.filter((c) => names.includes(c));
  }
  if (values["cap-ms"] !== undefined) config.plan.capMs = positive("cap-ms", values["cap-ms"]);
  if (values.reps !== undefined) config.plan.minReps = Math.round(positive("reps", values.reps));
  config.plan.maxReps = Math.max(config.plan.maxReps, config.plan.minReps);
  if (values.seed !== undefined) config.seed = Math.round(Number(values.seed));
  if (!Number.isInteger(config.seed)) throw new Error(`--seed: expected an integer, got "${values.seed}"`);
  if (values["memory-solves"] !== undefined) config.memorySolves = Math.round(positive("memory-solves", values["memory-solves"], true));
  if (values.out !== undefined) config.outDir = values.out;
  return { ...config, help: values.help ?? false, writeDocs: !(values["no-docs"] ?? false) };
}
