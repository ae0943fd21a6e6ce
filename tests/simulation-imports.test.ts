/**
 * What simulate() pulls in on the way from the package root: nothing of
 * Node's, no worker threads and no vega, so a page's bundle can run it.
 * esbuild reads the sources and runs none of them; kept out of the mutation
 * sets (scripts/mutation-modules.mjs), where it could kill no mutant and
 * would cost each module-level one a bundle.
 */
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

describe("what the package root reaches", () => {
  it("has no node:*, worker_threads or vega import on the way to simulate()", async () => {
    const entry = fileURLToPath(new URL("../bindings/simulation/simulate.ts", import.meta.url));
    const { metafile } = await build({
      entryPoints: [entry],
      bundle: true,
      write: false,
      platform: "browser",
      format: "esm",
      metafile: true,
      external: ["node:*", "vega", "vega-lite", "highs"],
      logLevel: "silent",
    });
    const inputs = Object.keys(metafile.inputs);
    expect(inputs.some((p) => p.endsWith("bindings/simulation/simulate.ts"))).toBe(true);
    const offenders = Object.entries(metafile.inputs)
      .filter(([path]) => path.includes("bindings/simulation/") || path.includes("bindings/experiments/"))
      .flatMap(([path, input]) => input.imports.filter((i) => /^node:|worker_threads|^vega/.test(i.path)).map((i) => `${path} -> ${i.path}`));
    expect(offenders).toEqual([]);
    expect(inputs.filter((p) => /worker|write-run|plots|sweep-plot|bindings\/cli\//.test(p))).toEqual([]);
  });
});
