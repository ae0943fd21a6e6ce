/**
 * `sweep --compare-with`: an earlier summary.csv is read back as written,
 * and the report says how far each algorithm moved and which "double"
 * verdicts flip because of it.
 */
import { describe, expect, it } from "vitest";
import { planSweep } from "../bindings/experiments/sweep-plan.js";
import { summarise } from "../bindings/experiments/sweep-stats.js";
import { summaryCsv } from "../bindings/experiments/sweep-csv.js";
import { earlierRunSection, parseSummaryCsv } from "../bindings/experiments/sweep-compare.js";
import type { RunRow } from "../bindings/experiments/sweep-job.js";
import type { Algorithm } from "../bindings/core/types.js";

const plan = planSweep({ runs: 1, firstSeed: 1, sweeps: ["users"], values: [20, 60], algorithms: ["exact", "no-batching"] });

/** One run per point and algorithm, throughput = served / 0.3 s. */
function rows(served: Record<Algorithm, [number, number]> | Partial<Record<Algorithm, [number, number]>>): RunRow[] {
  return Object.entries(served).flatMap(([algorithm, perPoint]) =>
    perPoint!.map((s, pointIndex) => ({
      sweep: "users" as const,
      pointIndex,
      value: [20, 60][pointIndex],
      seed: 1,
      algorithm: algorithm as Algorithm,
      users: [20, 60][pointIndex],
      served: s,
      upperBound: s,
      status: "optimal" as const,
      engine: "wasm",
      throughputPerS: s / 0.3,
      bandwidthUsedHz: 1e6,
      frameS: 0.3,
      solveTimeMs: 1,
    })),
  );
}

describe("comparing with an earlier sweep", () => {
  it("reads summary.csv back (quoted cells too) and rejects other files", () => {
    const summaries = summarise(rows({ exact: [18, 54], "no-batching": [17, 21] }));
    const parsed = parseSummaryCsv(summaryCsv(summaries));
    expect(parsed).toHaveLength(4);
    expect(parsed[1]).toMatchObject({ sweep: "users", value: "60", algorithm: "exact", servedMean: 54, throughputMean: 54 / 0.3 });
    expect(parseSummaryCsv('sweep,value,algorithm,served_mean,throughput_per_s_mean\nprofile,"a,b",exact,1,2\n')[0].value).toBe("a,b");
    expect(() => parseSummaryCsv("a,b\n1,2\n")).toThrow(/no column sweep/);
  });

  it("reports how far a baseline moved and where the double flips", () => {
    const then = parseSummaryCsv(summaryCsv(summarise(rows({ exact: [18, 54], "no-batching": [17, 21] }))));
    const now = summarise(rows({ exact: [18, 54], "no-batching": [17, 30] }));
    const pairs = [{ scheme: "exact" as Algorithm, baseline: "no-batching" as Algorithm, label: "exact over no-batching" }];
    const text = earlierRunSection(plan, now, { source: "old.csv", points: then }, pairs).join("\n");
    expect(text).toContain("`old.csv`");
    // no-batching at K = 60 (the default): 21 -> 30 served, +42.9%; exact did not move.
    expect(text).toMatch(/\| no-batching \| 2 \| 21\.0 → 30\.0 \| \+42\.9% \| \+21\.4% \| \+42\.9% \(K = 60\) \|/);
    expect(text).toMatch(/\| exact \| 2 \| 54\.0 → 54\.0 \| \+0\.0% \|/);
    expect(text).toContain(
      "**exact over no-batching**: double at 1 → 0 of 2 points; at the default 2.57x → 1.80x (now not double); changed at K = 60 (2.57x → 1.80x).",
    );
  });
});
