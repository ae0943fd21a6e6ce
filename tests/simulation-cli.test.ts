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
  const [header, ...rows] = readFileSync(path, "utf8")
    .trimEnd()
    .split("\n")
    .map((line) => line.split(","));
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
    // Ranges checked with the defaults applied, and the caps on the size of a run.
    [
      ["--set", "accuracyMin=0.9"],
      /^edge-alloc: --set: accuracyMin: must be at most accuracyMax, which is 0\.724 by default \(the last exit's accuracy of msdnet5-edge-like\), got 0\.9: the range \[0\.9, 0\.724\] is empty$/,
    ],
    [["--set", "accuracyMax=0.3"], /^edge-alloc: --set: accuracyMax: must be at least accuracyMin, which is 0\.566 by default .*\[0\.566, 0\.3\] is empty$/],
    [["--set", "dataBitsMin=400e3"], /^edge-alloc: --set: dataBitsMax: must be at least dataBitsMin \(400000\), got 300000$/],
    [["--frames", "1e9"], /^edge-alloc: --frames: must be at most 100,000 \(a run keeps every task it draws\), got 1000000000$/],
    [["--users", "1e6"], /^edge-alloc: --users: must be at most 10,000 \(a frame's solve grows with the users\), got 1000000$/],
    [["--arrival-rate", "1e6"], /^edge-alloc: --arrival-rate: must be at most 1,000 \(tasks per user per second\), got 1000000$/],
    [
      ["--users", "10000", "--arrival-rate", "20"],
      /^edge-alloc: --arrival-rate: offers 20,000 tasks a frame \(users x arrival rate x frame length\), more than 10,000/,
    ],
    [["--frames", "100000"], /^edge-alloc: --frames: offers 3,000,000 tasks in all \(users x arrival rate x frames x frame length\), more than the 500,000/],
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

  it("--help states the caps", async () => {
    const { code, stdout } = await cli(["simulate", "--help"]);
    expect(code).toBe(0);
    const help = stdout.replace(/\s+/g, " ");
    expect(help).toContain("--users <n> users in the cell (at most 10,000)");
    expect(help).toContain("frames to simulate (at most 100,000, and users x rate x frames x frame length at most 500,000 tasks)");
    expect(help).toContain("per second (at most 1,000, and users x rate x frame length at most 10,000 tasks a frame)");
  });

  it("--out where a file is in the way", async () => {
    const file = join(scratch, "a-file");
    writeFileSync(file, "");
    const { code, stderr } = await cli(["simulate", "--frames", "1", "--out", join(file, "sub")]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^edge-alloc: --out: cannot create folder/);
  });
});
