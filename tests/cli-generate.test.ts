/**
 * `edge-alloc generate` (cli/generate.ts) in this process: --help states
 * each scenario flag with its unit and default, a scenario error is named
 * by the flag typed, and --out writes the file instead of printing it.
 * (cli-flags.test.ts checks that each flag sets its own parameter.)
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { DEFAULT_SCENARIO, generateInstance } from "../bindings/scenarios/generate.js";
import { PROFILE_NAMES } from "../bindings/scenarios/profiles.js";
import { cli } from "./helpers/cli-in-process.js";

// The real generator, which one test makes fail as a bug would.
vi.mock("../bindings/scenarios/generate.js", async (original) => {
  const real = await original<typeof import("../bindings/scenarios/generate.js")>();
  return { ...real, generateInstance: vi.fn(real.generateInstance) };
});

const scratch = mkdtempSync(join(tmpdir(), "edge-alloc-cli-generate-"));

describe("edge-alloc generate", () => {
  it("--help gives each flag its description and the default scenario's value", async () => {
    const { code, stdout } = await cli(["generate", "--help"]);
    expect(code).toBe(0);
    const text = stdout.replace(/\s+/g, " ");
    const d = DEFAULT_SCENARIO;
    for (const expected of [
      "print an instance drawn from the default scenario (docs/model.md; JSON, SI units)",
      "--out <file> write the instance to FILE instead of standard output",
      `--users <K> number of users (default: ${d.users})`,
      `--seed <S> random seed (an integer); same seed, same instance (default: ${d.seed})`,
      `--radius-m <m> cell radius, m (default: ${d.radiusM})`,
      `--min-distance-m <m> smallest user-server distance, m (default: ${d.minDistanceM})`,
      `--power-dbm <dBm> transmit power of every user, dBm (default: ${d.powerDbm})`,
      `--noise-dbm-per-hz <dBm/Hz> noise power spectral density, dBm/Hz (default: ${d.noiseDbmPerHz})`,
      `--bandwidth-hz <Hz> uplink bandwidth, Hz (default: ${d.bandwidthHz})`,
      `--shadowing-db <dB> log-normal shadowing standard deviation, dB (default: ${d.shadowingDb})`,
      `--data-bits-min <bit> smallest task size, bit (default: ${d.dataBitsMin})`,
      `--data-bits-max <bit> largest task size, bit (default: ${d.dataBitsMax})`,
      `--deadline-min-s <s> shortest deadline, s (default: ${d.deadlineSMin})`,
      `--deadline-max-s <s> longest deadline, s (default: ${d.deadlineSMax})`,
      `--deadline-scale <x> multiply every deadline by x (default: ${d.deadlineScale})`,
      "--accuracy-min <a> lowest accuracy requirement (default: first exit's accuracy) --accuracy-max",
      "--accuracy-max <a> highest accuracy requirement (default: last exit's accuracy) --profile",
      `--profile <name> DNN profile (${PROFILE_NAMES.join(", ")}) (default: "${d.profile}")`,
      "--max-batch <B> largest batch (default: the profile's) --frame-s",
      "--frame-s <s> frame length for throughput, s (default: the largest deadline) -h",
    ]) {
      expect(text).toContain(expected);
    }
  });

  it("takes the profile by name, not as a number", async () => {
    const name = PROFILE_NAMES.at(-1) as string;
    const { code, stdout } = await cli(["generate", "--users", "2", "--profile", name]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual(generateInstance({ users: 2, profile: name }));
  });

  it("names the flag typed, not the parameter, for each scenario error", async () => {
    const cases: Array<[string[], string]> = [
      [["--data-bits-min", "5e5"], "edge-alloc: --data-bits-max: must be at least dataBitsMin (500000), got 300000\n"],
      [["--deadline-min-s", "-1"], "edge-alloc: --deadline-min-s: must be a positive number, got -1\n"],
      [["--shadowing-db", "-1"], "edge-alloc: --shadowing-db: must be a number >= 0, got -1\n"],
      [["--frame-s", "0"], "edge-alloc: --frame-s: must be a positive number, got 0\n"],
    ];
    for (const [args, message] of cases) {
      const { code, stdout, stderr } = await cli(["generate", ...args]);
      expect(code, args.join(" ")).toBe(2);
      expect(stdout).toBe("");
      expect(stderr).toBe(message);
    }
  });

  it("writes --out's file, the same text it would print", async () => {
    const out = join(scratch, "instance.json");
    const written = await cli(["generate", "--users", "3", "--seed", "5", "--out", out]);
    expect(written).toEqual({ code: 0, stdout: "", stderr: "" });
    const printed = await cli(["generate", "--users", "3", "--seed", "5"]);
    expect(readFileSync(out, "utf8")).toBe(printed.stdout);
    expect(printed.stdout.endsWith("}\n")).toBe(true);
  });

  it("leaves an error that is not about the scenario a bug: exit 1, not a flag's fault", async () => {
    vi.mocked(generateInstance).mockImplementationOnce(() => {
      throw new Error("the generator broke");
    });
    const { code, stdout, stderr } = await cli(["generate"]);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toBe("edge-alloc: internal error: the generator broke (set EDGE_ALLOC_DEBUG=1 for the stack)\n");
  });
});
