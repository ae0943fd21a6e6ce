// Runs one CLI command (the Command its factory builds, e.g. profileCommand) in
// this process without the rest of the program: only that command's modules
// are loaded, which keeps the tests of one command's code fast to start (each
// mutant of a mutation run loads them again). What the command prints and the
// error it ends with are returned as they are; turning an error into
// `edge-alloc: ...` lines and an exit code is runCli's job (cli-program.test.ts).
import { type Command, CommanderError } from "commander";
import type { CliIo } from "../../bindings/cli/io.js";

export interface CommandRun {
  stdout: string;
  /** What commander printed: its own messages for a bad flag or argument, and help on request. */
  stderr: string;
  /** What the command threw: a CommanderError (bad flag, help) or the command's own error. */
  error?: unknown;
}

export async function runCommand(make: (io: CliIo) => Command, args: string[], stdin = ""): Promise<CommandRun> {
  const run: CommandRun = { stdout: "", stderr: "" };
  const io: CliIo = { out: (t) => void (run.stdout += t), err: (t) => void (run.stderr += t), readStdin: async () => stdin };
  const root = make(io);
  // As runCli does: no process.exit, and commander's output into the captured streams.
  const every = (command: Command): Command[] => [command, ...command.commands.flatMap(every)];
  for (const command of every(root)) command.exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err });
  try {
    await root.parseAsync(args, { from: "user" });
  } catch (error) {
    run.error = error;
  }
  return run;
}

/** The message of a CommanderError the run ended with (a bad flag or argument), else undefined. */
export const usageError = (run: CommandRun): string | undefined => (run.error instanceof CommanderError ? run.error.message : undefined);
