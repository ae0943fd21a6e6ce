/**
 * What the CLI commands need from the outside world, passed in so the
 * program can be run in-process by tests as well as from a terminal.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { InvalidArgumentError } from "commander";
import { InputError } from "../core/errors.js";

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  readStdin(): Promise<string>;
}

export const processIo: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  },
};

/** Why a file operation failed, in words (no errno numbers or stack). */
function fileProblem(error: unknown): string {
  const code = (error as { code?: string }).code;
  const known: Record<string, string> = {
    ENOENT: "no such file",
    EACCES: "permission denied",
    EISDIR: "it is a directory",
    ENOTDIR: "a folder on its path is not a directory",
  };
  return (code && known[code]) ?? (error instanceof Error ? error.message : String(error));
}

/** Reads FILE, or standard input for "-"; a failure is an InputError naming the file. */
export async function readInput(file: string, io: CliIo): Promise<string> {
  try {
    return file === "-" ? await io.readStdin() : await readFile(file, "utf8");
  } catch (error) {
    throw new InputError([{ path: "", message: `cannot read ${file}: ${fileProblem(error)}` }]);
  }
}

export async function writeOutput(file: string, text: string): Promise<void> {
  try {
    await writeFile(file, text, "utf8");
  } catch (error) {
    throw new InputError([{ path: "", message: `cannot write ${file}: ${fileProblem(error)}` }]);
  }
}

/**
 * Makes the --out folder before a long run, so a folder that cannot be made
 * fails at once, as an InputError naming --out, not after the run.
 */
export async function makeOutputFolder(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true }).catch((error: NodeJS.ErrnoException) => {
    const reasons: Record<string, string> = {
      EEXIST: "a file of that name is in the way",
      ENOTDIR: "a file on its path is in the way",
      EACCES: "permission denied",
      EROFS: "read-only file system",
    };
    throw new InputError([{ path: "--out", message: `cannot create folder ${dir}: ${reasons[error.code ?? ""] ?? error.message}` }]);
  });
}

/** Option value parser: a finite number written in full ("abc", "", "1e400" are refused). */
export function parseNumberArg(text: string): number {
  const value = text.trim() === "" ? NaN : Number(text);
  if (!Number.isFinite(value)) throw new InvalidArgumentError(`expected a number, got "${text}".`);
  return value;
}
