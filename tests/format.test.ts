import { describe, expect, it } from "vitest";
import { formatBlocks, formatSolution, formatSummary, formatUsers, renderTable } from "../bindings/cli/format.js";
import { toReadableJson } from "../bindings/cli/json-text.js";
import type { Instance, Solution } from "../bindings/core/types.js";

const solution: Solution = {
  algorithm: "exact",
  engine: "wasm",
  status: "optimal",
  served: 2,
  objective: 2,
  upperBound: 2,
  throughputPerS: 10,
  tauS: 0.061,
  bandwidthUsedHz: 9.7e6,
  blocks: [
    { block: 1, batch: 2, startS: 0.061, endS: 0.069 },
    { block: 2, batch: 1, startS: 0.069, endS: 0.0755 },
  ],
  users: [
    { id: "u1", served: true, exit: 2, bandwidthHz: 4.1e6, uploadS: 0.061, completionS: 0.0755, deadlineS: 0.12 },
    { id: "u2", served: true, exit: 1, bandwidthHz: 5.6e6, uploadS: 0.05, completionS: 0.069, deadlineS: 0.2 },
    { id: "user-three", served: false, deadlineS: 0.05, reason: "unreachable" },
  ],
  stats: { timeMs: 0.8, nodes: 1234 },
};

const instance = { channel: { bandwidthHz: 2e7, noisePsdWPerHz: 4e-21 }, dnn: { exits: [] }, users: [{}, {}, {}] } as unknown as Instance;

describe("format", () => {
  it("pads columns to the widest cell, numbers right-aligned", () => {
    expect(
      renderTable(
        ["a", "number"],
        [
          ["long text", "1"],
          ["x", "12345678"],
        ],
        ["left", "right"],
      ),
    ).toBe(["a            number", "---------  --------", "long text         1", "x          12345678"].join("\n"));
  });

  it("summarises in ms, MHz and tasks/s", () => {
    const lines = formatSummary(solution, instance).split("\n");
    expect(lines).toEqual([
      "algorithm   exact",
      "engine      wasm",
      "status      optimal",
      "served      2 of 3 users (upper bound 2)",
      "throughput  10.0 tasks/s",
      "tau         61.00 ms",
      "bandwidth   9.700 of 20.000 MHz",
      "solve time  0.80 ms (1234 nodes)",
    ]);
  });

  it("prints the block timeline", () => {
    expect(formatBlocks(solution).split("\n")).toEqual([
      "block  batch  start ms  end ms",
      "-----  -----  --------  ------",
      "    1      2     61.00   69.00",
      "    2      1     69.00   75.50",
    ]);
    const sequential = { ...solution, blocks: [{ block: 1, batch: 1, startS: 0.01, endS: 0.02, user: "u2" }] };
    expect(formatBlocks(sequential).split("\n")[2]).toBe("    1      1     10.00   20.00  u2");
    expect(formatBlocks({ ...solution, blocks: [] })).toBe("(no blocks run)");
  });

  it("prints one row per user with the reason for the unserved", () => {
    const lines = formatUsers(solution).split("\n");
    expect(lines[0]).toBe("id          served  exit  band MHz  upload ms  done ms  deadline ms  reason");
    expect(lines[2]).toBe("u1          yes        2     4.100      61.00    75.50       120.00");
    // Right-aligned under its header: the deadline ends where "deadline ms" ends.
    expect(lines[4]).toMatch(/^user-three {2}no\s+50\.00 {2}unreachable$/);
    expect(lines[4].indexOf("50.00") + "50.00".length).toBe(lines[0].indexOf("deadline ms") + "deadline ms".length);
    expect(lines).toHaveLength(5);
  });

  it("puts the three parts together", () => {
    const text = formatSolution(solution, instance);
    expect(text).toContain("\n\nBlocks\n");
    expect(text).toContain("\n\nUsers\n");
    expect(text.endsWith("\n")).toBe(true);
    expect(/[^\x20-\x7e\n]/.test(text)).toBe(false); // plain ASCII
  });

  it("writes JSON with number arrays on one line, strings untouched", () => {
    const value = {
      points: [
        [1, 0.5],
        [10, 1e-3],
      ],
      words: ["[1,  2]", "a  b"],
      n: -2.5e-21,
      empty: [],
      none: {},
      skip: undefined,
    };
    const text = toReadableJson(value);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
    expect(JSON.parse(toReadableJson(instance))).toEqual(instance);
    expect(text).toContain("[1, 0.5],\n");
    expect(text).toContain("[10, 0.001]\n");
    expect(text).toContain('"[1,  2]"');
  });
});
