#!/usr/bin/env node
// `npm run docs`: the API reference, HTML from the TSDoc of the package roots
// (bindings/index.ts, bindings/node.ts), into build/api/ (not committed).
// TypeDoc reads the code through TypeScript's compiler API, which the
// project's TypeScript 7 does not have, so TypeDoc and TypeScript 6 have an
// install of their own in scripts/typedoc/, made here on first use from its
// lock file. typedoc.json makes every warning an error, an undocumented
// export among them, so this exits non-zero unless the reference is complete.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const tool = join(root, "scripts", "typedoc");
const installed = join(tool, "node_modules", "typedoc", "package.json");
const wanted = JSON.parse(readFileSync(join(tool, "package.json"), "utf8")).devDependencies.typedoc;
if (!existsSync(installed) || JSON.parse(readFileSync(installed, "utf8")).version !== wanted) {
  execFileSync("npm", ["ci", "--prefix", tool, "--no-audit", "--no-fund", "--loglevel=error"], { cwd: root, stdio: "inherit" });
}
try {
  execFileSync(process.execPath, [join(tool, "node_modules", "typedoc", "bin", "typedoc"), "--options", join(root, "typedoc.json")], { cwd: root, stdio: "inherit" });
} catch (error) {
  process.exitCode = typeof error.status === "number" ? error.status : 1;
}
