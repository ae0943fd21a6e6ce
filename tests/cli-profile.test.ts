/**
 * `edge-alloc profile` (cli/profile.ts) in this process, the command alone
 * (not the whole program: its modules load in a fraction of the time, and a
 * mutation run loads them again for every mutant): list, show (the header,
 * the batch columns, the wrapped source, the fit table, a preset's figures)
 * and fit (names and sources by default, standard input, the flags' checks),
 * and loadProfile's errors, named by the flag or the file and its field.
 * profile-fit.test.ts runs the same commands through the whole CLI.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CliIo } from "../bindings/cli/io.js";
import { loadProfile, profileCommand } from "../bindings/cli/profile.js";
import { blockLatencyS } from "../bindings/core/prepare.js";
import { InputError } from "../bindings/core/errors.js";
import { PROFILE_NAMES, PROFILES } from "../bindings/scenarios/profiles.js";
import { runCommand, usageError } from "./helpers/command-in-process.js";

const scratch = mkdtempSync(join(tmpdir(), "edge-alloc-cli-profile-"));
const quiet: CliIo = { out: () => {}, err: () => {}, readStdin: async () => "" };
const CSV = "1,1,0.004\n1,16,0.012\n2,1,0.003\n2,16,0.009\n";
const profile = (args: string[], stdin = "") => runCommand(profileCommand, args, stdin);

function file(name: string, content: unknown): string {
  const path = join(scratch, name);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

async function issues(promise: Promise<unknown>): Promise<Array<{ path: string; message: string }>> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof InputError) return error.issues.map((i) => ({ path: i.path, message: i.message }));
    throw error;
  }
  throw new Error("expected an InputError");
}

describe("profile list", () => {
  it("names every preset with its kind, in a column", async () => {
    const { error, stdout } = await profile(["list"]);
    expect(error).toBeUndefined();
    const width = Math.max(...PROFILE_NAMES.map((n) => n.length));
    expect(stdout).toBe(PROFILE_NAMES.map((n) => `${n.padEnd(width)}  ${PROFILES[n].kind}\n`).join(""));
  });
});

describe("profile show", () => {
  it("shows a file's defaults: the name from the file, its kind from the exits, no limit, no source", async () => {
    const path = file("my-net.v2.json", { exits: [{ accuracy: 0.7, latency: { perSampleS: 0.001, fixedS: 0.002 } }] });
    const { error, stdout } = await profile(["show", path]);
    expect(error).toBeUndefined();
    const lines = stdout.split("\n");
    expect(lines.slice(0, 4)).toEqual([
      "name      my-net.v2",
      "kind      single exit",
      "maxBatch  none (affine latency, no limit given)",
      "source    (not recorded)",
    ]);
    expect(lines[5]).toMatch(/^block\s+accuracy\s+latency\s+t\(1\) ms\s+t\(8\) ms\s+t\(32\) ms\s+t\(64\) ms$/);
    expect(lines[7]).toMatch(/^\s+1\s+0\.7\s+affine\s+3\.000\s+10\.000\s+34\.000\s+66\.000$/);
    expect(lines[8]).toMatch(/^\s+all\s+3\.000\s+10\.000\s+34\.000\s+66\.000$/);
    expect(stdout).not.toContain("Affine fit");
  });

  it("keeps the file's name, kind and source, adds its limit to the batches and counts several exits", async () => {
    // A first line of exactly 96 characters: 15 five-letter words and a six-letter one.
    const long = `${"wordy ".repeat(15)}sixsix x ${"word ".repeat(9)}end`;
    const path = file("named.json", {
      name: "mine",
      kind: "hand-made",
      source: long,
      maxBatch: 20,
      exits: [
        { accuracy: 0.6, latency: { perSampleS: 0.001, fixedS: 0 } },
        { accuracy: 0.7, latency: { perSampleS: 0.001, fixedS: 0 } },
      ],
    });
    const { error, stdout } = await profile(["show", path]);
    expect(error).toBeUndefined();
    const lines = stdout.split("\n");
    expect(lines[0]).toBe("name      mine");
    expect(lines[1]).toBe("kind      hand-made");
    expect(lines[2]).toBe("maxBatch  20");
    // The source wrapped at 96 characters, continued under the first line.
    expect(lines[3]).toBe(`source    ${"wordy ".repeat(15)}sixsix`);
    expect(lines[3].length).toBe(10 + 96);
    expect(lines[4]).toBe(`          x ${"word ".repeat(9)}end`);
    expect(lines[6]).toMatch(/t\(1\) ms\s+t\(8\) ms\s+t\(20\) ms$/);
    const noKind = file("two.json", { exits: JSON.parse(readFileSync(path, "utf8")).exits });
    expect((await profile(["show", noKind])).stdout.split("\n")[1]).toBe("kind      2 exits");
  });

  it("keeps a one-word source longer than a line on its own line", async () => {
    const word = "x".repeat(120);
    const path = file("long-word.json", { source: `a ${word} b`, exits: [{ accuracy: 0.7, latency: { perSampleS: 0.001, fixedS: 0 } }] });
    const lines = (await profile(["show", path])).stdout.split("\n");
    expect(lines.slice(3, 6)).toEqual(["source    a", `          ${word}`, "          b"]);
    // First, it does not leave an empty line before it.
    const first = file("long-first.json", { source: `${word} b`, exits: [{ accuracy: 0.7, latency: { perSampleS: 0.001, fixedS: 0 } }] });
    expect((await profile(["show", first])).stdout.split("\n").slice(3, 5)).toEqual([`source    ${word}`, "          b"]);
  });

  it("lays out the header and the table: runs of spaces and line breaks in the source as one space, numbers right-aligned", async () => {
    const path = file("layout.json", {
      source: "lab  bench\nA100",
      exits: [
        { accuracy: 0.7, latency: { perSampleS: 0.001, fixedS: 0.002 } },
        { accuracy: 0.85, latency: { perSampleS: 0.0125, fixedS: 0 } },
      ],
    });
    expect((await profile(["show", path])).stdout.split("\n")).toEqual([
      "name      layout",
      "kind      2 exits",
      "maxBatch  none (affine latency, no limit given)",
      "source    lab bench A100",
      "",
      "block  accuracy  latency  t(1) ms  t(8) ms  t(32) ms  t(64) ms",
      "-----  --------  -------  -------  -------  --------  --------",
      "    1       0.7  affine     3.000   10.000    34.000    66.000",
      "    2      0.85  affine    12.500  100.000   400.000   800.000",
      "  all                      15.500  110.000   434.000   866.000",
      "",
    ]);
  });

  it("shows the fits a file carries, and drops one that is not a fit", async () => {
    const fit = { perSampleS: 0.0005, fixedS: 0.003, maxResidualS: 0.0001, rmsResidualS: 0.00005, samples: 4 };
    const path = file("fits.json", {
      exits: [
        { accuracy: 0.6, latency: { perSampleS: 0.001, fixedS: 0 }, fit },
        { accuracy: 0.7, latency: { perSampleS: 0.001, fixedS: 0 }, fit: { ...fit, samples: "four" } },
        { accuracy: 0.8, latency: { perSampleS: 0.001, fixedS: 0 }, fit: null },
      ],
    });
    const loaded = await loadProfile(path, quiet);
    expect(loaded.exits[0].fit).toEqual(fit);
    expect(loaded.exits[1]).not.toHaveProperty("fit");
    expect(loaded.exits[2]).not.toHaveProperty("fit");
    expect(loaded.preset).toBe(false);
    const { stdout } = await profile(["show", path]);
    const at = stdout.split("\n").indexOf("Affine fit t(b) = perSample * b + fixed, least squares with both >= 0:");
    expect(at).toBeGreaterThan(0);
    expect(stdout.split("\n")[at - 1]).toBe("");
    expect(stdout.split("\n").slice(at + 1)).toEqual([
      "block  perSample ms  fixed ms  max residual ms  rms residual ms  rows",
      "-----  ------------  --------  ---------------  ---------------  ----",
      "    1         0.500     3.000            0.100            0.050     4",
      "",
    ]);
  });
});

describe("profile show on a preset, and the help", () => {
  it("prints a preset with its per-block latency in ms at 1, 8, 32, 64 and its maxBatch", async () => {
    const { error, stdout } = await profile(["show", "msdnet5-edge-like"]);
    expect(error).toBeUndefined();
    const lines = stdout.split("\n");
    expect(lines[0]).toBe("name      msdnet5-edge-like");
    expect(lines[1]).toBe("kind      derived, 5 exits");
    expect(lines[2]).toBe("maxBatch  100");
    expect(lines[3]).toMatch(/^source {4}Illustrative 5-exit profile\./);
    const header = lines.find((l) => l.startsWith("block")) as string;
    expect(header.split(/\s{2,}/)).toEqual(["block", "accuracy", "latency", "t(1) ms", "t(8) ms", "t(32) ms", "t(64) ms", "t(100) ms"]);
    const exits = PROFILES["msdnet5-edge-like"].exits;
    const cells = (b: number, seconds: (b: number) => number) => (seconds(b) * 1e3).toFixed(3);
    exits.forEach((exit, n) => {
      const row = [1, 8, 32, 64, 100].map((b) => cells(b, (x) => blockLatencyS(exit.latency, x)));
      expect(stdout).toMatch(new RegExp(`^\\s+${n + 1}\\s+${exit.accuracy}\\s+measured\\s+${row.join("\\s+")}$`, "m"));
    });
    const all = [1, 8, 32, 64, 100].map((b) => cells(b, (x) => exits.reduce((s, e) => s + blockLatencyS(e.latency, x), 0)));
    expect(stdout).toMatch(new RegExp(`^\\s+all\\s+${all.join("\\s+")}$`, "m"));
    expect(stdout).not.toContain("Affine fit");
    // A limit past the shown batches: 1, 8, 32, 64 and 128.
    expect((await profile(["show", "resnet50-a100-trt-fp16"])).stdout).toMatch(/t\(64\) ms\s+t\(128\) ms$/m);
  });

  it("refuses an unknown name, naming the presets", async () => {
    const { error } = await profile(["show", "resnet9"]);
    expect(await issues(Promise.reject(error))).toEqual([
      { path: "", message: `unknown profile "resnet9": neither a preset (${PROFILE_NAMES.join(", ")}) nor a file` },
    ]);
  });

  it("describes every subcommand, argument and flag in --help", async () => {
    const command = profileCommand(quiet);
    for (const c of [command, ...command.commands]) {
      expect(c.description(), c.name()).not.toBe("");
      for (const a of c.registeredArguments) expect(a.description, `${c.name()} ${a.name()}`).not.toBe("");
      for (const o of c.options) expect(o.description, `${c.name()} ${o.long}`).not.toBe("");
    }
    expect(command.name()).toBe("profile");
    expect(command.commands.map((c) => c.name())).toEqual(["show", "fit", "list"]);
    const help = await profile(["fit", "--help"]);
    expect(usageError(help)).toBe("(outputHelp)");
    const text = help.stdout.replace(/\s+/g, " ");
    expect(text).toContain(
      '--latency <form> latency written for each block: the measured points or the affine fit (choices: "points", "affine", default: "points")',
    );
    expect(text).toContain("Arguments: file CSV file, or - for standard input");
    const show = (await profile(["show", "--help"])).stdout.replace(/\s+/g, " ");
    expect(show).toContain("Usage: profile show [options] <name> ");
    expect(show).toContain(`preset (${PROFILE_NAMES.join(", ")}) or profile file`);
  });

  it("fit names the CSV line of a bad row", async () => {
    const bad = file("bad.csv", "1,1,0.003\n1,8,zero\n");
    const { error, stdout } = await profile(["fit", bad, "--accuracies", "0.6"]);
    expect(stdout).toBe("");
    expect(await issues(Promise.reject(error))).toEqual([{ path: `${bad}:2`, message: 'seconds must be a positive number, got "zero"' }]);
  });
});

describe("loadProfile", () => {
  it("returns a copy of a preset, marked as one", async () => {
    const name = PROFILE_NAMES[0];
    const loaded = await loadProfile(name, quiet);
    expect(loaded).toEqual({ ...PROFILES[name], preset: true });
    loaded.exits.length = 0;
    expect(PROFILES[name].exits.length).toBeGreaterThan(0);
  });

  it("names the flag for an unknown name, and the file for bad JSON or bad fields", async () => {
    expect(await issues(loadProfile(join(scratch, "none.json"), quiet, "--profile"))).toEqual([
      {
        path: "--profile",
        message: `unknown profile ${JSON.stringify(join(scratch, "none.json"))}: neither a preset (${PROFILE_NAMES.join(", ")}) nor a file`,
      },
    ]);
    const broken = file("broken.json", "{ nope");
    const [bad] = await issues(loadProfile(broken, quiet, "--profile"));
    expect(bad.path).toBe("--profile");
    expect(bad.message).toMatch(new RegExp(`^${broken}: not valid JSON \\(.+\\)$`));
    const wrong = file("wrong.json", { exits: [{ accuracy: 2, latency: { perSampleS: 0.001, fixedS: 0 } }] });
    expect((await issues(loadProfile(wrong, quiet)))[0]).toEqual({ path: `${wrong}: exits[0].accuracy`, message: expect.stringMatching(/^must be/) });
    const whole = file("whole.json", "7");
    expect((await issues(loadProfile(whole, quiet)))[0].path).toBe(`${whole}: (the whole file)`);
    const folder = mkdtempSync(join(scratch, "dir-"));
    expect(await issues(loadProfile(folder, quiet, "--profile"))).toEqual([{ path: "", message: `cannot read ${folder}: it is a directory` }]);
  });

  it("takes the name from the file when the file's is empty, and leaves out empty sources and kinds", async () => {
    const path = file("plain.json", { name: "", source: "", kind: 3, exits: [{ accuracy: 0.7, latency: { perSampleS: 0.001, fixedS: 0 } }] });
    const loaded = await loadProfile(path, quiet);
    expect(loaded.name).toBe("plain");
    expect(loaded.source).toBeUndefined();
    expect(loaded.kind).toBeUndefined();
  });
});

describe("profile fit", () => {
  it("names the profile after the file and the source after it, and after standard input for -", async () => {
    const csv = file("gpu.data.csv", CSV);
    const fromFile = JSON.parse((await profile(["fit", csv, "--accuracies", "0.6,0.7"])).stdout);
    expect(fromFile.name).toBe("gpu.data");
    expect(fromFile.source).toBe("measured block latencies from gpu.data.csv");
    expect(fromFile.exits[0].latency).toEqual({
      points: [
        [1, 0.004],
        [16, 0.012],
      ],
    });
    const fromStdin = JSON.parse((await profile(["fit", "-", "--accuracies", "0.6,0.7", "--source", "lab bench"], CSV)).stdout);
    expect(fromStdin.name).toBe("measured");
    expect(fromStdin.source).toBe("lab bench");
    const stdinDefault = JSON.parse((await profile(["fit", "-", "--accuracies", "0.6,0.7"], CSV)).stdout);
    expect(stdinDefault.source).toBe("measured block latencies from standard input");
    const affine = JSON.parse((await profile(["fit", csv, "--accuracies", "0.6,0.7", "--latency", "affine", "--max-batch", "8"])).stdout);
    expect(affine.exits[0].latency).toEqual({ perSampleS: expect.any(Number), fixedS: expect.any(Number) });
    expect(affine.maxBatch).toBe(8);
  });

  it("writes the profile with --out and prints it as show does", async () => {
    const out = join(scratch, "fitted.json");
    const { error, stdout } = await profile(["fit", file("lab.csv", CSV), "--accuracies", "0.6,0.7", "--name", "lab-gpu", "--out", out]);
    expect(error).toBeUndefined();
    expect(stdout.split("\n")[0]).toBe("name      lab-gpu");
    expect(stdout).toContain("Affine fit t(b)");
    expect(stdout.endsWith(`\nwrote ${out}\n`)).toBe(true);
    expect(JSON.parse(readFileSync(out, "utf8")).name).toBe("lab-gpu");
  });

  it("requires --accuracies, counting the blocks, and checks its flags", async () => {
    const two = await profile(["fit", file("two.csv", CSV)]);
    expect(await issues(Promise.reject(two.error))).toEqual([
      { path: "--accuracies", message: `is required: one accuracy per block, block 1 first (2 blocks in ${join(scratch, "two.csv")})` },
    ]);
    const one = await profile(["fit", "-"], "1,1,0.004\n1,16,0.012\n");
    expect((await issues(Promise.reject(one.error)))[0].message).toBe("is required: one accuracy per block, block 1 first (1 block in standard input)");
    const cases: Array<[string[], string]> = [
      [["--accuracies", "0.6,-0.1"], 'accuracies must lie in [0, 1], got "-0.1".'],
      [["--accuracies", "0.6, 1.5"], 'accuracies must lie in [0, 1], got "1.5".'],
      [["--max-batch", "0"], 'expected a whole number >= 1, got "0".'],
      [["--max-batch", "2.5"], 'expected a whole number >= 1, got "2.5".'],
    ];
    for (const [args, message] of cases) {
      const run = await profile(["fit", "-", "--accuracies", "0.6,0.7", ...args], CSV);
      expect(usageError(run), args.join(" ")).toContain(message);
      expect(run.stdout).toBe("");
    }
    const edges = await profile(["fit", "-", "--accuracies", "0,1"], CSV);
    expect(edges.error).toBeUndefined();
    expect(JSON.parse(edges.stdout).exits.map((e: { accuracy: number }) => e.accuracy)).toEqual([0, 1]);
    const batchOfOne = await profile(["fit", "-", "--accuracies", "0.6,0.7", "--max-batch", "1"], CSV);
    expect(batchOfOne.error).toBeUndefined();
    expect(JSON.parse(batchOfOne.stdout).maxBatch).toBe(1);
  });
});
