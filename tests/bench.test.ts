/**
 * The benchmark machinery on a tiny configuration: it runs every contender,
 * cross-checks them, and produces a well-formed table, JSON and SVG. No timing
 * assertions: only shapes, counts and the derived DNN profiles.
 */
import { describe, expect, it } from "vitest";
import { benchDnn } from "../bench/profiles.js";
import { benchInstance } from "../bench/instances.js";
import { summarize } from "../bench/stats.js";
import { parseConfig, DEFAULT_CONFIG, type BenchConfig } from "../bench/config.js";
import { measure } from "../bench/measure.js";
import { runSuite } from "../bench/suite.js";
import { largeCellTable, renderReport, timesTable } from "../bench/table.js";
import { renderSvg } from "../bench/plot.js";
import { suiteSection } from "../bench/docs-tables.js";
import { ratiosFor } from "../bench/ratios.js";
import { CONTENDERS } from "../bench/runners.js";
import { getProfile } from "../bindings/scenarios/profiles.js";
import { blockLatencyS } from "../bindings/core/prepare.js";
import type { Dnn } from "../bindings/core/types.js";

/** Seconds to run blocks 1..exit at batch b. */
const depthS = (dnn: Dnn, exit: number, batch: number) => dnn.exits.slice(0, exit).reduce((t, e) => t + blockLatencyS(e.latency, batch), 0);

describe("bench profiles", () => {
  const base = getProfile("msdnet5-edge-like");

  it("keeps the total latency and the accuracy range when merging to 2 and splitting to 8 exits", () => {
    for (const [exits, kept] of [
      [2, [1, 2]],
      [8, [1, 3, 5, 7, 8]],
    ] as const) {
      const dnn = benchDnn(exits);
      expect(dnn.exits).toHaveLength(exits);
      // Exits that correspond to an exit of the base DNN: same depth latency at every batch, same accuracy.
      const baseExits = exits === 2 ? [2, 5] : [1, 2, 3, 4, 5];
      kept.forEach((exit, i) => {
        for (const batch of [1, 7, 10, 50, 100]) expect(depthS(dnn, exit, batch)).toBeCloseTo(depthS(base, baseExits[i], batch), 12);
        expect(dnn.exits[exit - 1].accuracy).toBe(base.exits[baseExits[i] - 1].accuracy);
      });
      const accuracies = dnn.exits.map((e) => e.accuracy);
      expect(accuracies).toEqual([...accuracies].sort((a, b) => a - b));
    }
    expect(benchDnn(5)).toEqual(base);
    expect(() => benchDnn(3)).toThrow(/2, 5, 8/);
  });

  it("draws the same users whatever the number of exits", () => {
    const two = benchInstance({ users: 12, exits: 2, seed: 4 });
    const eight = benchInstance({ users: 12, exits: 8, seed: 4 });
    expect(two.users).toEqual(eight.users);
    expect(two.dnn.exits).toHaveLength(2);
    expect(eight.dnn.exits).toHaveLength(8);
  });
});

describe("bench statistics and flags", () => {
  it("summarises with the median and quartiles", () => {
    expect(summarize([5, 1, 3, 2, 4])).toEqual({ count: 5, median: 3, q1: 2, q3: 4, min: 1, max: 5 });
    expect(summarize([1, 2]).median).toBe(1.5);
    expect(() => summarize([])).toThrow();
  });

  it("parses flags and names the bad one", () => {
    const c = parseConfig(["--ks", "20,50", "--ns", "5", "--algorithms", "exact-wasm,greedy-js", "--cap-ms", "300", "--reps", "7"]);
    expect(c.users).toEqual([20, 50]);
    expect(c.exits).toEqual([5]);
    expect(c.contenders).toEqual(["exact-wasm", "greedy-js"]);
    expect(c.plan.capMs).toBe(300);
    expect(c.plan.minReps).toBe(7);
    expect(parseConfig([]).users).toEqual(DEFAULT_CONFIG.users);
    expect(() => parseConfig(["--ks", "20,x"])).toThrow(/--ks/);
    expect(() => parseConfig(["--algorithms", "simplex"])).toThrow(/--algorithms: unknown simplex/);
  });

  it("reports a run past the cap as capped, and a throwing solver as an error", async () => {
    const plan = { capMs: 10, minReps: 3, maxReps: 3, minTotalMs: 0, budgetMs: 0 };
    let calls = 0;
    const capped = await measure(async () => ({ timeMs: 1, served: 4, finished: ++calls < 3 }), plan);
    expect(capped).toEqual({ state: "capped", served: 4, timeMs: 1 });
    const failed = await measure(async () => {
      throw new Error("boom");
    }, plan);
    expect(failed).toEqual({ state: "error", message: "Error: boom" });
  });

  it("bounds a ratio when one side hit the cap", () => {
    const s = summarize([2]);
    const ratios = ratiosFor(
      [
        { contender: "exact-wasm", users: 9, exits: 5, state: "ok", summary: s, served: 3 },
        { contender: "milp-highs", users: 9, exits: 5, state: "capped", served: 3 },
        { contender: "exact-js", users: 9, exits: 5, state: "ok", summary: summarize([6]), served: 3 },
        { contender: "yalps-fixed-tau", users: 9, exits: 5, state: "ok", summary: summarize([50]), served: 3 },
        { contender: "highs-fixed-tau", users: 9, exits: 5, state: "capped" },
      ],
      100,
    );
    expect(ratios).toEqual([
      { users: 9, exits: 5, name: "milp / exact", value: 50, bound: "at-least" },
      { users: 9, exits: 5, name: "exact js / wasm", value: 3, bound: "exact" },
      { users: 9, exits: 5, name: "yalps / highs @tau*", value: 0.5, bound: "at-most" },
    ]);
  });
});

describe("bench suite on a tiny configuration", () => {
  const config: BenchConfig = {
    users: [8],
    largeUsers: [30],
    exits: [2, 8],
    largeCellUsers: [12],
    limitCheck: { users: 0, limitMs: 200 },
    contenders: [...CONTENDERS],
    seed: 3,
    // A generous cap: at K = 8 every contender finishes far below it, so the states do not depend on the machine's load.
    plan: { capMs: 20_000, minReps: 2, maxReps: 2, minTotalMs: 0, budgetMs: 0 },
    memorySolves: 30,
    outDir: "unused",
  };

  it("times every contender, cross-checks them, and renders table, JSON and SVG", async () => {
    const report = await runSuite(config, "npm run bench -- (test)");
    expect(report.warnings).toEqual([]);
    for (const exits of config.exits) {
      for (const contender of CONTENDERS) {
        const cell = report.cells.find((c) => c.exits === exits && c.users === 8 && c.contender === contender);
        expect(cell?.state, `${contender} N=${exits}`).toBe("ok");
        const s = cell!.summary!;
        expect(s.count).toBe(2);
        expect(s.min).toBeLessThanOrEqual(s.median);
        expect(s.median).toBeLessThanOrEqual(s.max);
        expect(cell!.served).toBeGreaterThan(0);
      }
      const large = report.cells.filter((c) => c.exits === exits && c.users === 30).map((c) => c.contender);
      expect(large).toEqual(["greedy-wasm", "greedy-js"]);
    }
    expect(report.ratios.filter((r) => r.users === 8)).toHaveLength(2 * 5);
    expect(report.targets).toHaveLength(17);
    // The large cell: exact on both engines and greedy at K = 12 for every N, cross-checked.
    for (const exits of config.exits) {
      const cells = report.largeCell!.cells.filter((c) => c.exits === exits && c.users === 12);
      expect(cells.map((c) => [c.contender, c.state])).toEqual([
        ["exact-wasm", "ok"],
        ["exact-js", "ok"],
        ["greedy-wasm", "ok"],
      ]);
      expect(cells[1].served).toBe(cells[0].served);
      expect(cells[2].served).toBeLessThanOrEqual(cells[0].served!);
    }
    expect(largeCellTable(report).split("\n")).toHaveLength(2 + 2);
    expect(report.memory).toMatchObject({ requested: 30, solves: 30, grew: false });
    expect(report.memory!.wasmBytesAfter).toBe(report.memory!.wasmBytesBefore);

    const parsed = JSON.parse(JSON.stringify(report));
    expect(parsed).toEqual(report);

    const table = timesTable(report);
    const lines = table.split("\n");
    expect(lines[0]).toMatch(/^\| N +\| K +\| served +\| exact-wasm/);
    expect(lines).toHaveLength(2 + 4); // header, rule, (N, K) rows: (2, 8), (2, 30), (8, 8), (8, 30)
    for (const line of lines) expect(line.split("|").length).toBe(lines[0].split("|").length);
    const text = renderReport(report);
    expect(text).toContain("Cross-checks: all served counts agree");
    expect(text).toContain("| target");
    const section = suiteSection(parsed);
    expect(section).toContain(table);
    expect(section).toContain("Cross-checks: every served count agreed.");
    // Every table has the run's command, date, machine and load in the line above it (a blank line between).
    const sectionLines = section.split("\n");
    const tableStarts = sectionLines.flatMap((line, i) => (line.startsWith("|") && !sectionLines[i - 1].startsWith("|") ? [i] : []));
    expect(tableStarts.length).toBeGreaterThanOrEqual(3);
    for (const i of tableStarts) {
      expect(sectionLines[i - 1]).toBe("");
      expect(sectionLines[i - 2]).toMatch(/^_`.+`, \d{4}-\d\d-\d\d \d\d:\d\d UTC, \d+ x .+, load average [\d.]+ \/ [\d.]+ \/ [\d.]+.*, Node v\d+/);
    }

    const svg = await renderSvg(report);
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
    expect(svg).toContain("users K");
    for (const contender of CONTENDERS) expect(svg).toContain(contender);
  });
});
