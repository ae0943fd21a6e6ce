/** The benchmarks' tables in docs/performance.md: the markers they write between, and the line above each table. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { machineLine, PERFORMANCE_PAGE, replaceSection } from "../bench/docs-page.js";

const machine = { node: "v20.20.2", cpus: 2, cpuModel: "AMD EPYC ", loadAverage: [4.19, 2.72, 1.23] };

describe("the benchmark sections of docs/performance.md", () => {
  it("replaces only the text between a section's markers", () => {
    const page = "# P\n\n<!-- bench:a:start -->\nold a\n<!-- bench:a:end -->\n\ntext\n\n<!-- bench:b:start -->\nold b\n<!-- bench:b:end -->\n";
    const next = replaceSection(page, "a", "\nnew a\n\n| x |\n");
    expect(next).toBe("# P\n\n<!-- bench:a:start -->\nnew a\n\n| x |\n<!-- bench:a:end -->\n\ntext\n\n<!-- bench:b:start -->\nold b\n<!-- bench:b:end -->\n");
    expect(replaceSection(next, "a", "new a\n\n| x |")).toBe(next);
  });

  it("refuses a page without the markers, or with them twice or out of order", () => {
    expect(() => replaceSection("no markers", "a", "x")).toThrow("<!-- bench:a:start --> and then <!-- bench:a:end -->, once each");
    expect(() => replaceSection("<!-- bench:a:end --><!-- bench:a:start -->", "a", "x")).toThrow(/once each/);
    expect(() => replaceSection("<!-- bench:a:start --><!-- bench:a:end --><!-- bench:a:start --><!-- bench:a:end -->", "a", "x")).toThrow(/once each/);
  });

  it("states the command, date, machine and load in one line, and says when the machine was loaded", () => {
    expect(machineLine("npm run bench", "2026-12-02T14:14:24.357Z", machine)).toBe(
      "_`npm run bench`, 2026-12-02 14:14 UTC, 2 x AMD EPYC, load average 4.2 / 2.7 / 1.2 (loaded: other work shared the cores), Node v20.20.2._",
    );
    expect(machineLine("npm run bench", "2026-12-02T14:14:24.357Z", { ...machine, loadAverage: [0.5, 0.4, 0.3] })).not.toContain("loaded");
  });

  it("holds each benchmark's markers once, and a machine line above every table between them", () => {
    const page = readFileSync(PERFORMANCE_PAGE, "utf8");
    for (const name of ["suite", "large", "sequential", "service", "overload"]) {
      const start = page.indexOf(`<!-- bench:${name}:start -->`);
      const end = page.indexOf(`<!-- bench:${name}:end -->`);
      expect(start, name).toBeGreaterThanOrEqual(0);
      expect(end, name).toBeGreaterThan(start);
      const lines = page.slice(start, end).split("\n");
      const tables = lines.flatMap((line, i) => (line.startsWith("|") && !lines[i - 1].startsWith("|") ? [i] : []));
      expect(tables.length, name).toBeGreaterThan(0);
      for (const i of tables)
        expect(lines[i - 2], `${name}, line above a table`).toMatch(
          /^_`npm run bench.*`, \d{4}-\d\d-\d\d \d\d:\d\d UTC, \d+ x .+, load average .+, Node v\d+.*_$/,
        );
    }
  });
});
