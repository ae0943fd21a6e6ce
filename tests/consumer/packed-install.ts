/**
 * The package as a user gets it: `npm pack` of this repository (as built by
 * `npm run build`), installed into an empty project in a temporary folder.
 * npm installs from its cache (--prefer-offline) so this stays quick.
 */
import { execFileSync } from "node:child_process";
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const repo = fileURLToPath(new URL("../..", import.meta.url));

export interface PackedInstall {
  /** The empty project the tarball was installed into. */
  project: string;
  /** node_modules/edge-alloc inside it. */
  packageDir: string;
  /** Paths inside the tarball, as npm pack lists them. */
  tarballFiles: string[];
  tarballBytes: number;
  /** Bytes of every file under node_modules (symlinks not followed). */
  nodeModulesBytes: number;
}

/** The npm beside this node (node_modules/.bin holds an old npm some dev dependency pulls in). */
const NPM = join(dirname(process.execPath), "npm");

function npm(args: string[], cwd: string): string {
  return execFileSync(NPM, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

export function bytesUnder(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    const stat = lstatSync(path);
    total += stat.isDirectory() ? bytesUnder(path) : stat.size;
  }
  return total;
}

/** Packs the built repository (no prepare: `npm test` has just built it) and installs the tarball. */
export function packAndInstall(): PackedInstall {
  const work = mkdtempSync(join(tmpdir(), "edge-alloc-consumer-"));
  const [packed] = JSON.parse(npm(["pack", "--json", "--ignore-scripts", "--pack-destination", work], repo)) as Array<{
    filename: string;
    size: number;
    files: Array<{ path: string }>;
  }>;
  const project = join(work, "app");
  mkdirSync(project);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer-app", private: true, type: "module" }, null, 2));
  npm(["install", join(work, packed.filename), "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], project);
  return {
    project,
    packageDir: join(project, "node_modules", "edge-alloc"),
    tarballFiles: packed.files.map((f) => f.path),
    tarballBytes: packed.size,
    nodeModulesBytes: bytesUnder(join(project, "node_modules")),
  };
}
