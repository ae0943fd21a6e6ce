import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { XMLValidator } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { cli } from "./helpers/cli-in-process.js";
import { FRAME_COLUMNS, SUMMARY_COLUMNS, TIMING_COLUMNS } from "../bindings/experiments/simulation-csv.js";

const scratch = mkdtempSync(join(tmpdir(), "edge-alloc-simulate-"));
const TINY = ["simulate", "--users", "10", "--frames", "30", "--arrival-rate", "12", "--seed", "2", "--algorithms", "exact,conventional"];

function readCsv(path: string) {
  const [header, ...rows] = readFileSync(path, "utf8").trimEnd().split("\n").map((line) => line.split(","));
  return { header, rows: rows.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i]]))) };
}

/** A CSV file without its wall-clock columns (and the engine: auto may fall back to the identical JS engine). */
function withoutTimes(path: string): string {
  const { header, rows } = readCsv(path);
  const kept = header.filter((h) => !(TIMING_COLUMNS as readonly string[]).includes(h) && h !== "engine");
  return rows.map((r) => kept.map((h) => r[h]).join(",")).join("\n");
}

describe("edge-alloc simulate on a tiny cell", () => {
  const threads = join(scratch, "threads");
  const inline = join(scratch, "inline");
  let result: Awaited<ReturnType<typeof cli>>;
  beforeAll(async () => {
    result = await cli([...TINY, "--workers", "2", "--out", threads]);
    await cli([...TINY, "--workers", "0", "--out", inline]);
  });

  it("exits 0, prints the headline table and names the files it wrote", () => {
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^algorithm +throughput/);
    for (const name of ["report.md", "frames.csv", "summary.csv", "users.csv", "throughput.svg", "latency.svg", "solve-time.svg"]) {
      expect(result.stdout).toContain(join(threads, name));
      expect(existsSync(join(threads, name))).toBe(true);
    }
  });

  it("writes one frames.csv row per algorithm and frame, and one summary row per algorithm", () => {
    const frames = readCsv(join(threads, "frames.csv"));
    expect(frames.header).toEqual([...FRAME_COLUMNS]);
    expect(frames.rows).toHaveLength(2 * 30);
    expect(frames.rows.map((r) => r.algorithm)).toEqual([...Array(30).fill("exact"), ...Array(30).fill("conventional")]);
    const summary = readCsv(join(threads, "summary.csv"));
    expect(summary.header).toEqual([...SUMMARY_COLUMNS]);
    expect(summary.rows.map((r) => r.algorithm)).toEqual(["exact", "conventional"]);
    for (const row of summary.rows) {
      const low = Number(row.throughput_per_s_ci95_low);
      expect(low).toBeLessThanOrEqual(Number(row.throughput_per_s_mean));
      expect(Number(row.arrived)).toBe(Number(row.completed) + Number(row.expired) + Number(row.dropped) + Number(row.pending_at_end));
    }
  });

  it("gives the same CSV files on worker threads and in one thread, solve times aside", () => {
    for (const name of ["frames.csv", "summary.csv", "users.csv"]) {
      expect(withoutTimes(join(threads, name))).toBe(withoutTimes(join(inline, name)));
    }
  });

  it("draws well-formed SVG plots and a report that links them and answers the three questions", () => {
    for (const name of ["throughput.svg", "latency.svg", "solve-time.svg"]) {
      const svg = readFileSync(join(threads, name), "utf8");
      expect(XMLValidator.validate(svg)).toBe(true);
      expect(svg).toContain("exact");
    }
    const report = readFileSync(join(threads, "report.md"), "utf8");
    for (const text of ["## Which scheme wins", "keep up with the frame clock", "## Who gets starved", "](throughput.svg)", "--seed 2"]) {
      expect(report).toContain(text);
    }
  });
});

describe("edge-alloc simulate refuses bad input with one line naming the flag (exit 2)", () => {
  const cases: Array<[string[], RegExp]> = [
    [["--frames", "0"], /--frames/],
    [["--frame-ms", "-5"], /--frame-ms/],
    [["--arrival-rate", "x"], /--arrival-rate/],
    [["--policy", "wait"], /--policy/],
    [["--algorithms", "exact,fastest"], /--algorithms.*fastest/],
    [["--set", "users=5"], /^edge-alloc: --set: users: use --users to set it$/],
    [["--set", "bandwidthHz=-1"], /^edge-alloc: --set: bandwidthHz: must be a positive number/],
    [["--profile", "no-such-profile"], /--profile/],
  ];
  for (const [args, message] of cases) {
    it(args.join(" "), async () => {
      const { code, stderr, stdout } = await cli(["simulate", ...args, "--out", join(scratch, "never")]);
      expect(code).toBe(2);
      expect(stdout).toBe("");
      expect(stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(stderr.trimEnd()).toMatch(message);
    });
  }

  it("--out where a file is in the way", async () => {
    const file = join(scratch, "a-file");
    writeFileSync(file, "");
    const { code, stderr } = await cli(["simulate", "--frames", "1", "--out", join(file, "sub")]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^edge-alloc: --out: cannot create folder/);
  });
});
