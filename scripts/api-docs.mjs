#!/usr/bin/env node
// `npm run docs`: the API reference, HTML from the TSDoc of the package roots
// (bindings/index.ts, bindings/node.ts), into build/api/ (not committed).
// TypeDoc reads the code through TypeScript's compiler API, which the
// project's TypeScript 7 does not have, so TypeDoc and TypeScript 6 have an
// install of their own: scripts/typedoc/ holds its package.json and lock file,
// installed here on first use into build/typedoc/ (ignored, like build/api/).
// typedoc.json makes every warning an error, an undocumented export among
// them, so this exits non-zero unless the reference is complete.
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const manifest = join(root, "scripts", "typedoc");
const tool = join(root, "build", "typedoc");
const same = (file) => existsSync(join(tool, file)) && readFileSync(join(tool, file), "utf8") === readFileSync(join(manifest, file), "utf8");
if (!same("package.json") || !same("package-lock.json") || !existsSync(join(tool, "node_modules", "typedoc"))) {
  mkdirSync(tool, { recursive: true });
  for (const file of ["package.json", "package-lock.json"]) copyFileSync(join(manifest, file), join(tool, file));
  // The npm running this script (npm_execpath): the `npm` first on npm run's PATH may be an old one
  // that a dependency brings into node_modules/.bin, which cannot read this lock file.
  const npm = process.env.npm_execpath;
  const args = ["ci", "--prefix", tool, "--no-audit", "--no-fund", "--loglevel=error"];
  try {
    if (npm && /npm-cli\.js$/.test(npm)) execFileSync(process.execPath, [npm, ...args], { cwd: root, stdio: "inherit" });
    else {
      const path = (process.env.PATH ?? "").split(delimiter).filter((dir) => !dir.endsWith(join("node_modules", ".bin")));
      execFileSync("npm", args, { cwd: root, stdio: "inherit", env: { ...process.env, PATH: path.join(delimiter) } });
    }
  } catch {
    console.error("npm run docs: installing TypeDoc into build/typedoc failed (npm's messages above)");
    process.exit(1);
  }
}
try {
  execFileSync(process.execPath, [join(tool, "node_modules", "typedoc", "bin", "typedoc"), "--options", join(root, "typedoc.json")], {
    cwd: root,
    stdio: "inherit",
  });
} catch (error) {
  process.exitCode = typeof error.status === "number" ? error.status : 1;
}
