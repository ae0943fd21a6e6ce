/** `edge-alloc solve FILE`: validate an instance file, solve it, print the schedule. */
import { Command, InvalidArgumentError, Option } from "commander";
import { type CliIo, parseNumberArg, readInput } from "./io.js";
import { formatSolution } from "./format.js";
import { ALGORITHMS, type Algorithm, type EngineChoice } from "../core/types.js";
import { ENGINE_CHOICES } from "../core/engine-choices.js";
import { parseInstanceJson } from "../core/validate.js";

interface SolveFlags {
  algorithm: Algorithm;
  engine: EngineChoice;
  timeLimitMs?: number;
  json?: boolean;
}

function timeLimitArg(text: string): number {
  if (text === "none") return 0;
  const value = parseNumberArg(text);
  if (value < 0) throw new InvalidArgumentError(`expected a number of milliseconds >= 0 (0 or "none": no limit), got "${text}".`);
  return value;
}

export function solveCommand(io: CliIo): Command {
  return new Command("solve")
    .description("solve the instance in FILE (JSON, see docs/model.md; - reads standard input) and print the schedule")
    .argument("<file>", "instance file, or - for standard input")
    .addOption(new Option("--algorithm <name>", "algorithm").choices(ALGORITHMS).default("exact"))
    .addOption(new Option("--engine <engine>", "where the kernels run").choices(ENGINE_CHOICES).default("auto"))
    .addOption(
      new Option("--time-limit-ms <ms>", 'stop searching after this long and keep the best schedule (default 10000; 0 or "none": no limit)').argParser(
        timeLimitArg,
      ),
    )
    .option("--json", "print exactly one Solution JSON object instead of tables")
    .action(async (file: string, flags: SolveFlags) => {
      const instance = parseInstanceJson(await readInput(file, io), file === "-" ? "standard input" : file);
      // Loaded here, not at the top: `generate` should not pay for loading the engines.
      const { solve } = await import("../algorithms/solve.js");
      const solution = await solve(instance, { algorithm: flags.algorithm, engine: flags.engine, timeLimitMs: flags.timeLimitMs });
      io.out(flags.json ? `${JSON.stringify(solution, null, 2)}\n` : formatSolution(solution, instance));
    });
}
