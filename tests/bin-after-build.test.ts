/**
 * `npx edge-alloc` in a clone works before and after a rebuild. The build
 * writes dist/bindings/cli/main.js afresh; without its executable bit, npx
 * (which had linked it on the first run) answers "Permission denied" from then
 * on. This runs in a copy of the working tree (what git would clone, plus the
 * dist/ that `npm ci` builds), with this repository's installed packages
 * linked in one by one (npx does not take a node_modules that is itself a
 * link as the project's), so it rebuilds without touching the dist/ the
 * other tests use.
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const repo = resolve(import.meta.dirname, "..");
const version = (JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as { version: string }).version;
const bin = "dist/bindings/cli/main.js";

/**
 * The environment of a shell in the copy: without npm's per-run variables,
 * with PWD there, and without the node_modules/.bin folders npm test puts on
 * PATH (one holds the npx of an old npm that some dependency brings along).
 */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key) && key !== "INIT_CWD") env[key] = value;
  const path = (process.env.PATH ?? "").split(delimiter).filter((dir) => !dir.endsWith(join("node_modules", ".bin")));
  return { ...env, PATH: path.join(delimiter), PWD: clone, npm_config_offline: "true", npm_config_update_notifier: "false", npm_config_fund: "false" };
}

let clone: string;
const run = (command: string, args: string[]) =>
  execFileSync(command, args, { cwd: clone, env: cleanEnv(), encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
const npxVersion = () => run("npx", ["--no", "--", "edge-alloc", "--version"]);

describe("the edge-alloc command in a clone", () => {
  beforeAll(() => {
    clone = mkdtempSync(join(tmpdir(), "edge-alloc-clone-"));
    const tracked = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: repo, encoding: "utf8" })
      .split("\0")
      .filter((file) => file !== "" && existsSync(join(repo, file)));
    for (const file of tracked) cpSync(join(repo, file), join(clone, file), { recursive: true });
    cpSync(join(repo, "dist"), join(clone, "dist"), { recursive: true });
    mkdirSync(join(clone, "node_modules"));
    for (const entry of readdirSync(join(repo, "node_modules"))) {
      symlinkSync(join(repo, "node_modules", entry), join(clone, "node_modules", entry));
    }
    expect(existsSync(join(clone, dirname(bin)))).toBe(true);
  });

  afterAll(() => {
    if (clone) rmSync(clone, { recursive: true, force: true });
  });

  it("answers --version through npx before and after npm run build", { timeout: 600_000 }, () => {
    expect(npxVersion()).toBe(`${version}\n`);
    run("npm", ["run", "build", "--silent"]);
    expect(statSync(join(clone, bin)).mode & 0o111).toBe(0o111);
    expect(npxVersion()).toBe(`${version}\n`);
  });
});
