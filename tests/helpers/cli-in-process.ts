// Runs the CLI in-process (fast) and captures what it prints: shared by the
// CLI, profile and sweep tests.
import { runCli } from "../../bindings/cli/program.js";
import type { CliIo } from "../../bindings/cli/io.js";

export async function cli(args: string[], stdin = "") {
  let stdout = "";
  let stderr = "";
  const io: CliIo = { out: (t) => void (stdout += t), err: (t) => void (stderr += t), readStdin: async () => stdin };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}
