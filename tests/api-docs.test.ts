/**
 * `npm run docs` builds the API reference with no warnings: TypeDoc treats
 * warnings as errors, an export of the package roots without TSDoc among them
 * (typedoc.json), so an export added without documentation fails here.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const repo = resolve(import.meta.dirname, "..");

describe("npm run docs", () => {
  it("builds the API reference of both package roots into build/api with no warnings", { timeout: 600_000 }, () => {
    const run = spawnSync(process.execPath, [join(repo, "scripts", "api-docs.mjs")], {
      cwd: repo,
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
    });
    const output = `${run.stdout}\n${run.stderr}`;
    expect(output).not.toMatch(/\[warning\]|\[error\]/);
    expect(run.status, output).toBe(0);
    const index = readFileSync(join(repo, "build", "api", "index.html"), "utf8");
    expect(index).toContain("edge-alloc");
    for (const page of ["functions/index.solve.html", "functions/node.createSolverPool.html", "interfaces/index.Solution.html"]) {
      expect(existsSync(join(repo, "build", "api", page)), page).toBe(true);
    }
  });
});
