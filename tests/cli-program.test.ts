/**
 * runCli (cli/program.ts) in this process: how every failure reaches the
 * person at the terminal. Commander's messages and the user's input errors
 * come out line by line as `edge-alloc: ...` with exit 2; a bug comes out as
 * one `internal error` line (the stack only with EDGE_ALLOC_DEBUG) with exit 1.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { CliIo } from "../bindings/cli/io.js";
import { runCli } from "../bindings/cli/program.js";
import { packageVersion } from "../bindings/cli/version.js";
import { cli } from "./helpers/cli-in-process.js";

/** An io whose standard output fails with `thrown`: a fault of the program, not of the input. */
async function failingOutput(thrown: unknown) {
  let stderr = "";
  const io: CliIo = {
    out: () => {
      throw thrown;
    },
    err: (t) => void (stderr += t),
    readStdin: async () => "",
  };
  const code = await runCli(["profile", "list"], io);
  return { code, stderr };
}

const debug = process.env.EDGE_ALLOC_DEBUG;
afterEach(() => {
  if (debug === undefined) delete process.env.EDGE_ALLOC_DEBUG;
  else process.env.EDGE_ALLOC_DEBUG = debug;
});

describe("runCli", () => {
  it("prefixes every line of commander's message and drops its `error: `", async () => {
    const { code, stdout, stderr } = await cli(["solv"]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe("edge-alloc: unknown command 'solv'\nedge-alloc: (Did you mean solve?)\n");
  });

  it("keeps `error: ` where it is part of what the person typed", async () => {
    const { code, stderr } = await cli(["solve", "x.json", "--time-limit-ms", "ten\nsee error: here"]);
    expect(code).toBe(2);
    expect(stderr).toBe(
      `edge-alloc: option '--time-limit-ms <ms>' argument 'ten\nedge-alloc: see error: here' is invalid. expected a number, got "ten\nedge-alloc: see error: here".\n`,
    );
  });

  it("prints an input error's lines each after `edge-alloc: `, exit 2", async () => {
    const { code, stdout, stderr } = await cli(["solve", "-"], '{"channel": 1, "dnn": 2}');
    expect(code).toBe(2);
    expect(stdout).toBe("");
    const lines = stderr.trimEnd().split("\n");
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line).toMatch(/^edge-alloc: \S/);
    expect(stderr).not.toContain("internal error");
  });

  it("--version and -V print the version; --help names the flag and where the model is described", async () => {
    for (const flag of ["--version", "-V"]) {
      const { code, stdout, stderr } = await cli([flag]);
      expect(code).toBe(0);
      expect(stdout).toBe(`${packageVersion()}\n`);
      expect(stderr).toBe("");
    }
    const help = await cli(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/-V, --version\s+print the version of edge-alloc\n/);
    expect(help.stdout).toContain(
      "\n\nThe model, the instance and Solution formats and the algorithms: docs/model.md (in the package: node_modules/edge-alloc/docs/model.md).\n",
    );
  });

  it("reports a bug as one internal-error line, exit 1, pointing at EDGE_ALLOC_DEBUG", async () => {
    delete process.env.EDGE_ALLOC_DEBUG;
    expect(await failingOutput(new Error("the disk fell off"))).toEqual({
      code: 1,
      stderr: "edge-alloc: internal error: the disk fell off (set EDGE_ALLOC_DEBUG=1 for the stack)\n",
    });
    expect(await failingOutput("a thrown string")).toEqual({
      code: 1,
      stderr: "edge-alloc: internal error: a thrown string (set EDGE_ALLOC_DEBUG=1 for the stack)\n",
    });
  });

  it("adds the stack with EDGE_ALLOC_DEBUG set", async () => {
    process.env.EDGE_ALLOC_DEBUG = "1";
    const error = new Error("the disk fell off");
    const { code, stderr } = await failingOutput(error);
    expect(code).toBe(1);
    expect(stderr).toBe(`edge-alloc: internal error: the disk fell off\n${error.stack}\n`);
    expect(error.stack).toContain("cli-program.test.ts");
  });
});
