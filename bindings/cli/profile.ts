/**
 * `edge-alloc profile`: the DNN latency profiles. `show` prints a built-in
 * preset (or a profile file) with its per-block latency at a few batch sizes;
 * `fit` turns measured block,batch,seconds rows into a profile file;
 * `list` names the presets.
 */
import { basename } from "node:path";
import { Command, InvalidArgumentError, Option } from "commander";
import { type CliIo, parseNumberArg, readInput, writeOutput } from "./io.js";
import { InputError } from "../core/errors.js";
import { renderTable } from "./format.js";
import { toReadableJson } from "./json-text.js";
import { batchLimit, blockLatencyS } from "../core/prepare.js";
import { fitProfile, parseLatencyCsv, type AffineFit, type FittedProfile } from "../scenarios/profile-fit.js";
import { PROFILES, PROFILE_NAMES } from "../scenarios/profiles.js";
import type { Dnn, Exit } from "../core/types.js";
import { validateInstance } from "../core/validate.js";

/** Batch sizes `show` prints, besides the profile's maxBatch. */
const SHOWN_BATCHES = [1, 8, 32, 64];

const ms = (seconds: number) => (seconds * 1e3).toFixed(3);

/** A profile as shown or swept: a preset, or a file such as `profile fit` writes (its fits kept for display). */
export type LoadedProfile = Omit<Dnn, "exits"> & {
  name: string;
  source?: string;
  kind?: string;
  exits: Array<Exit & { fit?: AffineFit }>;
  /** True for a built-in preset, false for a file. */
  preset: boolean;
};

const isFit = (value: unknown): value is AffineFit =>
  typeof value === "object" &&
  value !== null &&
  ["perSampleS", "fixedS", "maxResidualS", "rmsResidualS", "samples"].every((k) => Number.isFinite((value as Record<string, unknown>)[k]));

/**
 * A preset by name, or else a profile JSON file, checked like any instance's DNN. Problems are
 * InputErrors whose path is `flag` (e.g. "--profile"), or the file and the field inside it.
 */
export async function loadProfile(nameOrFile: string, io: CliIo, flag = ""): Promise<LoadedProfile> {
  if (Object.hasOwn(PROFILES, nameOrFile)) return { ...structuredClone(PROFILES[nameOrFile]), preset: true };
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readInput(nameOrFile, io));
  } catch (error) {
    if (error instanceof InputError && /no such file/.test(error.message)) {
      throw new InputError([
        { path: flag, message: `unknown profile ${JSON.stringify(nameOrFile)}: neither a preset (${PROFILE_NAMES.join(", ")}) nor a file` },
      ]);
    }
    if (error instanceof SyntaxError) throw new InputError([{ path: flag, message: `${nameOrFile}: not valid JSON (${error.message})` }]);
    throw error;
  }
  let dnn: Dnn;
  try {
    dnn = validateInstance({ channel: { bandwidthHz: 1, noisePsdWPerHz: 1 }, dnn: parsed, users: [] }).dnn;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    // Speak of the file's own fields: `my.json: exits[1].latency`, not `dnn.exits[1].latency`.
    throw new InputError(error.issues.map((i) => ({ path: `${nameOrFile}: ${i.path.replace(/^dnn\.?/, "") || "(the whole file)"}`, message: i.message })));
  }
  // Validation keeps the model's fields only; keep the descriptive ones (source, kind, fit) beside them.
  const raw = parsed as { name?: unknown; source?: unknown; kind?: unknown; exits: Array<{ fit?: unknown }> };
  const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : undefined);
  return {
    ...dnn,
    name: text(raw.name) ?? basename(nameOrFile).replace(/\.[^.]*$/, ""),
    source: text(raw.source),
    kind: text(raw.kind),
    exits: dnn.exits.map((e, n) => {
      const fit = raw.exits[n]?.fit;
      return isFit(fit) ? { ...e, fit } : e;
    }),
    preset: false,
  };
}

export function formatProfile(profile: LoadedProfile | FittedProfile): string {
  const exits: Array<Exit & { fit?: AffineFit }> = profile.exits;
  const limit = batchLimit({ channel: { bandwidthHz: 1, noisePsdWPerHz: 1 }, dnn: profile, users: [] });
  const batches = [...new Set([...SHOWN_BATCHES.filter((b) => b <= limit), ...(Number.isFinite(limit) ? [limit] : [])])].sort((a, b) => a - b);
  const header = [
    ["name", profile.name],
    ["kind", profile.kind ?? (exits.length === 1 ? "single exit" : `${exits.length} exits`)],
    ["maxBatch", Number.isFinite(limit) ? String(limit) : "none (affine latency, no limit given)"],
    ["source", profile.source ?? "(not recorded)"],
  ];
  const labelWidth = Math.max(...header.map(([label]) => label.length));
  const indent = " ".repeat(labelWidth + 2);
  const rows = exits.map((exit, n) => [
    String(n + 1),
    String(exit.accuracy),
    "points" in exit.latency ? "measured" : "affine",
    ...batches.map((b) => ms(blockLatencyS(exit.latency, b))),
  ]);
  rows.push(["all", "", "", ...batches.map((b) => ms(exits.reduce((s, e) => s + blockLatencyS(e.latency, b), 0)))]);
  const table = renderTable(["block", "accuracy", "latency", ...batches.map((b) => `t(${b}) ms`)], rows, [
    "right",
    "right",
    "left",
    ...batches.map(() => "right" as const),
  ]);
  const lines = [...header.map(([label, value]) => `${label.padEnd(labelWidth)}  ${wrap(value, 96).join(`\n${indent}`)}`), "", table];
  const fits = exits.map((e, n) => [n, e.fit] as const).filter(([, fit]) => fit !== undefined);
  if (fits.length > 0) lines.push("", formatFits(fits.map(([n, fit]) => [n + 1, fit!])));
  return `${lines.join("\n")}\n`;
}

/** Words of `text` in lines of at most `width` characters (a longer word keeps its own line). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  return [...lines, line];
}

function formatFits(fits: Array<readonly [number, AffineFit]>): string {
  const rows = fits.map(([block, f]) => [String(block), ms(f.perSampleS), ms(f.fixedS), ms(f.maxResidualS), ms(f.rmsResidualS), String(f.samples)]);
  return `Affine fit t(b) = perSample * b + fixed, least squares with both >= 0:\n${renderTable(
    ["block", "perSample ms", "fixed ms", "max residual ms", "rms residual ms", "rows"],
    rows,
    ["right", "right", "right", "right", "right", "right"],
  )}`;
}

function accuraciesArg(text: string): number[] {
  return text.split(",").map((item) => {
    const value = parseNumberArg(item);
    if (value < 0 || value > 1) throw new InvalidArgumentError(`accuracies must lie in [0, 1], got "${item.trim()}".`);
    return value;
  });
}

function maxBatchArg(text: string): number {
  const value = parseNumberArg(text);
  if (!Number.isInteger(value) || value < 1) throw new InvalidArgumentError(`expected a whole number >= 1, got "${text}".`);
  return value;
}

interface FitFlags {
  accuracies?: number[];
  name?: string;
  source?: string;
  maxBatch?: number;
  latency: "points" | "affine";
  out?: string;
}

function fitCommand(io: CliIo): Command {
  return new Command("fit")
    .description(
      "read measured block,batch,seconds rows (header optional, # comments) and write a profile: the points per block and an affine fit with its error",
    )
    .argument("<file>", "CSV file, or - for standard input")
    .addOption(
      new Option("--accuracies <list>", "accuracy of each exit, block 1 first, e.g. 0.57,0.65,0.69 (required: the CSV holds no accuracies)").argParser(
        accuraciesArg,
      ),
    )
    .option("--name <name>", "profile name (default: the file name)")
    .option("--source <text>", "where the measurements come from (default: the file name)")
    .addOption(new Option("--max-batch <B>", "largest batch (default: the last batch measured for every block)").argParser(maxBatchArg))
    .addOption(
      new Option("--latency <form>", "latency written for each block: the measured points or the affine fit").choices(["points", "affine"]).default("points"),
    )
    .option("--out <file>", "write the profile to FILE and print the fit; without it the JSON goes to standard output")
    .action(async (file: string, flags: FitFlags) => {
      const label = file === "-" ? "standard input" : file;
      const rows = parseLatencyCsv(await readInput(file, io), label);
      if (!flags.accuracies) {
        const blocks = new Set(rows.map((r) => r.block)).size;
        throw new InputError([
          { path: "--accuracies", message: `is required: one accuracy per block, block 1 first (${blocks} block${blocks > 1 ? "s" : ""} in ${label})` },
        ]);
      }
      const name = flags.name ?? (file === "-" ? "measured" : basename(file).replace(/\.[^.]*$/, ""));
      const profile: FittedProfile = fitProfile(rows, label, {
        accuracies: flags.accuracies,
        name,
        source: flags.source ?? `measured block latencies from ${file === "-" ? "standard input" : basename(file)}`,
        maxBatch: flags.maxBatch,
        latency: flags.latency,
      });
      const json = `${toReadableJson(profile)}\n`;
      if (flags.out === undefined) {
        io.out(json);
        return;
      }
      await writeOutput(flags.out, json);
      io.out(`${formatProfile(profile)}\nwrote ${flags.out}\n`);
    });
}

export function profileCommand(io: CliIo): Command {
  return new Command("profile")
    .description("DNN latency profiles: show a preset, fit one from measurements")
    .addCommand(
      new Command("show")
        .description("print a profile (a preset name or a profile JSON file) and its per-block latency at a few batch sizes, in ms")
        .argument("<name>", `preset (${PROFILE_NAMES.join(", ")}) or profile file`)
        .action(async (name: string) => io.out(formatProfile(await loadProfile(name, io)))),
    )
    .addCommand(fitCommand(io))
    .addCommand(
      new Command("list").description("name the built-in presets").action(() => {
        io.out(PROFILE_NAMES.map((n) => `${n.padEnd(Math.max(...PROFILE_NAMES.map((p) => p.length)))}  ${PROFILES[n].kind}\n`).join(""));
      }),
    );
}
