/**
 * The command line's flags as a person meets them: every command, flag and
 * argument has a description in --help; each generate flag sets its own
 * scenario parameter; a bad value is named by the flag typed; solve's
 * --time-limit-ms takes milliseconds, 0 or "none".
 */
import type { Command } from "commander";
import { describe, expect, it } from "vitest";
import type { CliIo } from "../bindings/cli/io.js";
import { generateCommand } from "../bindings/cli/generate.js";
import { profileCommand } from "../bindings/cli/profile.js";
import { serveCommand } from "../bindings/cli/serve.js";
import { simulateCommand } from "../bindings/cli/simulate.js";
import { solveCommand } from "../bindings/cli/solve.js";
import { sweepCommand } from "../bindings/cli/sweep.js";
import { EXIT_INTERNAL, EXIT_OK, EXIT_USAGE } from "../bindings/cli/program.js";
import { cli } from "./helpers/cli-in-process.js";

const io: CliIo = { out: () => {}, err: () => {}, readStdin: async () => "" };
// Built inside each test that reads them: a mutation run credits what runs while the file loads to
// no test, and would run every test of a command's set for each mutant of its flags.
const commands = () => [solveCommand, generateCommand, sweepCommand, simulateCommand, profileCommand, serveCommand].map((make) => make(io));
const everyCommand = (command: Command): Command[] => [command, ...command.commands.flatMap(everyCommand)];

describe("--help", () => {
  it("the exit codes: 0 done, 1 a bug, 2 the user's input", () => {
    expect([EXIT_OK, EXIT_INTERNAL, EXIT_USAGE]).toEqual([0, 1, 2]);
  });

  it("describes every command, flag and argument", () => {
    for (const command of commands().flatMap(everyCommand)) {
      expect(command.description(), command.name()).not.toBe("");
      for (const option of command.options) expect(option.description, `${command.name()} ${option.flags}`).not.toBe("");
      for (const argument of command.registeredArguments) expect(argument.description, `${command.name()} <${argument.name()}>`).not.toBe("");
    }
  });

  it("prints each command's flags with their descriptions, exit 0", async () => {
    const root = await cli(["--help"]);
    expect(root.code).toBe(0);
    expect(root.stdout).toContain("resource allocation for multiuser edge inference with batching and early exiting");
    expect(root.stdout).toContain("docs/model.md");
    for (const command of commands()) {
      expect(root.stdout).toContain(command.name());
      const { code, stdout } = await cli([command.name(), "--help"]);
      expect(code).toBe(0);
      for (const option of command.options) {
        expect(stdout).toContain(option.flags);
        expect(stdout).toContain(option.description.split("\n")[0].slice(0, 30));
      }
    }
  });

  it("--version prints the package version, exit 0", async () => {
    const { code, stdout } = await cli(["--version"]);
    expect(code).toBe(0);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe("generate's flags", () => {
  const generate = async (...args: string[]) => {
    const { code, stdout, stderr } = await cli(["generate", ...args]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    return JSON.parse(stdout);
  };

  it("each sets its own parameter", async () => {
    const instance = await generate(
      "--users",
      "4",
      "--seed",
      "9",
      "--bandwidth-hz",
      "5e6",
      "--noise-dbm-per-hz",
      "-170",
      "--power-dbm",
      "30",
      "--data-bits-min",
      "1000",
      "--data-bits-max",
      "1000",
      "--deadline-min-s",
      "0.5",
      "--deadline-max-s",
      "0.5",
      "--deadline-scale",
      "2",
      "--accuracy-min",
      "0.6",
      "--accuracy-max",
      "0.6",
      "--max-batch",
      "8",
      "--frame-s",
      "0.7",
    );
    expect(instance.users).toHaveLength(4);
    expect(instance.channel).toEqual({ bandwidthHz: 5e6, noisePsdWPerHz: 10 ** ((-170 - 30) / 10) });
    for (const u of instance.users) expect(u).toMatchObject({ powerW: 1, dataBits: 1000, deadlineS: 1, minAccuracy: 0.6 });
    expect(instance.dnn.maxBatch).toBe(8);
    expect(instance.frameS).toBe(0.7);
    expect(await generate("--users", "4", "--seed", "9")).not.toEqual(await generate("--users", "4", "--seed", "10"));
  });

  it("the cell's flags: radius, least distance, shadowing", async () => {
    const gains = async (...args: string[]) =>
      (await generate("--users", "50", "--shadowing-db", "0", ...args)).users.map((u: { channelGain: number }) => u.channelGain);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(await gains("--radius-m", "30", "--min-distance-m", "29"))).toBeGreaterThan(
      100 * mean(await gains("--radius-m", "1000", "--min-distance-m", "999")),
    );
    expect(await gains()).not.toEqual((await generate("--users", "50", "--shadowing-db", "12")).users.map((u: { channelGain: number }) => u.channelGain));
  });

  it("the defaults are the default scenario's, and --profile picks the DNN", async () => {
    const instance = await generate();
    expect(instance.users).toHaveLength(60);
    expect(instance.dnn.name).toBe("msdnet5-edge-like");
  });

  it("a bad value is named by the flag typed, exit 2", async () => {
    for (const [flag, value, message] of [
      ["--radius-m", "0", "--radius-m: must be a positive number, got 0"],
      ["--deadline-scale", "-1", "--deadline-scale: must be a positive number, got -1"],
      ["--accuracy-max", "2", "--accuracy-max: must be in [0, 1], got 2"],
      ["--max-batch", "1000", "--max-batch: must be at most the last measured batch of profile msdnet5-edge-like (100), got 1000"],
    ]) {
      const { code, stderr } = await cli(["generate", flag, value]);
      expect(code).toBe(2);
      expect(stderr.split("\n")).toContain(`edge-alloc: ${message}`);
    }
  });
});

describe("solve's --time-limit-ms", () => {
  const instance = JSON.stringify({
    channel: { bandwidthHz: 1e7, noisePsdWPerHz: 4e-21 },
    dnn: { exits: [{ accuracy: 0.7, latency: { perSampleS: 0.001, fixedS: 0.002 } }] },
    users: [{ id: "u1", dataBits: 2e5, powerW: 0.2, channelGain: 1e-10, minAccuracy: 0.5, deadlineS: 0.2 }],
  });

  it("takes milliseconds, 0 and none", async () => {
    for (const limit of ["500", "0", "none"]) {
      const { code, stdout } = await cli(["solve", "-", "--json", "--time-limit-ms", limit], instance);
      expect(code).toBe(0);
      expect(JSON.parse(stdout).served).toBe(1);
    }
  });

  it("refuses a negative or non-numeric limit, naming the flag, exit 2", async () => {
    const negative = await cli(["solve", "-", "--time-limit-ms", "-5"], instance);
    expect(negative.code).toBe(2);
    expect(negative.stderr).toContain('expected a number of milliseconds >= 0 (0 or "none": no limit), got "-5".');
    expect(negative.stderr).toContain("--time-limit-ms");
    const text = await cli(["solve", "-", "--time-limit-ms", "soon"], instance);
    expect(text.code).toBe(2);
    expect(text.stderr).toContain("--time-limit-ms");
  });

  it("reads standard input as -, and names it in a parse error", async () => {
    const { code, stderr } = await cli(["solve", "-"], "{");
    expect(code).toBe(2);
    expect(stderr).toMatch(/^edge-alloc: standard input: not valid JSON/);
  });
});
