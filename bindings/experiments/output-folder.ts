/**
 * The folder a sweep or a simulation writes into: created if missing, every
 * file written through it remembered in order, so the caller can list them.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

export interface OutputFolder {
  /** Paths written so far, in order. */
  files: string[];
  write(name: string, text: string): Promise<void>;
}

export async function openOutputFolder(outDir: string): Promise<OutputFolder> {
  await mkdir(outDir, { recursive: true });
  const files: string[] = [];
  return {
    files,
    async write(name, text) {
      const path = join(outDir, name);
      await writeFile(path, text, "utf8");
      files.push(path);
    },
  };
}
