/** `edge-alloc generate`: an instance of the default scenario (docs/model.md), every parameter a flag. */
import { Command, Option } from "commander";
import { InputError, ScenarioError } from "../core/errors.js";
import { DEFAULT_SCENARIO, generateInstance, type ScenarioParams } from "../scenarios/generate.js";
import { PROFILE_NAMES } from "../scenarios/profiles.js";
import { type CliIo, parseNumberArg, writeOutput } from "./io.js";
import { toReadableJson } from "./json-text.js";

interface ScenarioFlag {
  key: keyof ScenarioParams;
  flags: string;
  description: string;
}

/** One flag per scenario parameter; the key is the ScenarioParams field it sets. */
const SCENARIO_FLAGS: ScenarioFlag[] = [
  { key: "users", flags: "--users <K>", description: "number of users" },
  { key: "seed", flags: "--seed <S>", description: "random seed (an integer); same seed, same instance" },
  { key: "radiusM", flags: "--radius-m <m>", description: "cell radius, m" },
  { key: "minDistanceM", flags: "--min-distance-m <m>", description: "smallest user-server distance, m" },
  { key: "powerDbm", flags: "--power-dbm <dBm>", description: "transmit power of every user, dBm" },
  { key: "noiseDbmPerHz", flags: "--noise-dbm-per-hz <dBm/Hz>", description: "noise power spectral density, dBm/Hz" },
  { key: "bandwidthHz", flags: "--bandwidth-hz <Hz>", description: "uplink bandwidth, Hz" },
  { key: "shadowingDb", flags: "--shadowing-db <dB>", description: "log-normal shadowing standard deviation, dB" },
  { key: "dataBitsMin", flags: "--data-bits-min <bit>", description: "smallest task size, bit" },
  { key: "dataBitsMax", flags: "--data-bits-max <bit>", description: "largest task size, bit" },
  { key: "deadlineSMin", flags: "--deadline-min-s <s>", description: "shortest deadline, s" },
  { key: "deadlineSMax", flags: "--deadline-max-s <s>", description: "longest deadline, s" },
  { key: "deadlineScale", flags: "--deadline-scale <x>", description: "multiply every deadline by x" },
  { key: "accuracyMin", flags: "--accuracy-min <a>", description: "lowest accuracy requirement (default: first exit's accuracy)" },
  { key: "accuracyMax", flags: "--accuracy-max <a>", description: "highest accuracy requirement (default: last exit's accuracy)" },
  { key: "profile", flags: "--profile <name>", description: `DNN profile (${PROFILE_NAMES.join(", ")})` },
  { key: "maxBatch", flags: "--max-batch <B>", description: "largest batch (default: the profile's)" },
  { key: "frameS", flags: "--frame-s <s>", description: "frame length for throughput, s (default: the largest deadline)" },
];

const flagName = (key: string) => SCENARIO_FLAGS.find((f) => f.key === key)?.flags.split(" ")[0] ?? key;

export function generateCommand(io: CliIo): Command {
  const command = new Command("generate")
    .description("print an instance drawn from the default scenario (docs/model.md; JSON, SI units)")
    .option("--out <file>", "write the instance to FILE instead of standard output");
  for (const flag of SCENARIO_FLAGS) {
    const option = new Option(flag.flags, flag.description);
    if (flag.key !== "profile") option.argParser(parseNumberArg);
    const fallback = DEFAULT_SCENARIO[flag.key];
    if (fallback !== undefined) option.default(fallback);
    command.addOption(option);
  }
  return command.action(async (options: Record<string, unknown>) => {
    const params: Partial<ScenarioParams> = {};
    for (const flag of SCENARIO_FLAGS) {
      const value = options[new Option(flag.flags).attributeName()];
      if (value !== undefined) (params as Record<string, unknown>)[flag.key] = value;
    }
    let text: string;
    try {
      text = `${toReadableJson(generateInstance(params))}\n`;
    } catch (error) {
      // Speak of flags, not of ScenarioParams fields: that is what the person typed.
      if (error instanceof ScenarioError) {
        throw new InputError(error.issues.map((i) => ({ path: flagName(i.path), message: i.message })));
      }
      throw error;
    }
    if (typeof options.out === "string") await writeOutput(options.out, text);
    else io.out(text);
  });
}
