/**
 * The edge-alloc command line: commander parses the flags (why commander:
 * subcommands, --help for each, choices and typed options with errors a
 * person can read, and nothing to maintain by hand). Every failure a user can
 * cause ends here as `edge-alloc: <message>` lines on stderr and exit code 2,
 * never a stack trace.
 */
import { Command, CommanderError } from "commander";
import { generateCommand } from "./generate.js";
import { type CliIo, processIo } from "./io.js";
import { profileCommand } from "./profile.js";
import { serveCommand } from "./serve.js";
import { solveCommand } from "./solve.js";
import { simulateCommand } from "./simulate.js";
import { sweepCommand } from "./sweep.js";
import { InputError } from "../core/errors.js";
import { packageVersion } from "./version.js";

export const EXIT_OK = 0;
export const EXIT_INTERNAL = 1;
export const EXIT_USAGE = 2;

function program(io: CliIo): Command {
  const prefixLines = (text: string) =>
    text
      .trimEnd()
      .split("\n")
      .map((line) => `edge-alloc: ${line.replace(/^error: /, "")}\n`)
      .join("");
  const root = new Command("edge-alloc")
    .description("resource allocation for multiuser edge inference with batching and early exiting")
    .version(packageVersion(), "-V, --version", "print the version of edge-alloc")
    .addHelpText(
      "after",
      "\nThe model, the instance and Solution formats and the algorithms: docs/model.md (in the package: node_modules/edge-alloc/docs/model.md).",
    )
    .addCommand(solveCommand(io))
    .addCommand(generateCommand(io))
    .addCommand(sweepCommand(io))
    .addCommand(simulateCommand(io))
    .addCommand(profileCommand(io))
    .addCommand(serveCommand(io));
  // Subcommands (and theirs, as in `profile fit`) inherit neither output nor exit handling from the root: set both on each.
  const everyCommand = (command: Command): Command[] => [command, ...command.commands.flatMap(everyCommand)];
  for (const command of everyCommand(root)) {
    command.exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err, outputError: (text, write) => write(prefixLines(text)) });
  }
  return root;
}

/** Runs the CLI on `argv` (without node and the script) and returns the exit code. */
export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  try {
    await program(io).parseAsync(argv, { from: "user" });
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; commander has already printed any error message.
      return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    if (error instanceof InputError) {
      io.err(
        error.message
          .split("\n")
          .map((line) => `edge-alloc: ${line}\n`)
          .join(""),
      );
      return EXIT_USAGE;
    }
    // A bug, not the user's doing: still one line, with a pointer to the stack for whoever debugs it.
    const message = error instanceof Error ? error.message : String(error);
    io.err(
      `edge-alloc: internal error: ${message}${process.env.EDGE_ALLOC_DEBUG ? `\n${(error as Error).stack}` : " (set EDGE_ALLOC_DEBUG=1 for the stack)"}\n`,
    );
    return EXIT_INTERNAL;
  }
}
