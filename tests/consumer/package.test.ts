/**
 * edge-alloc as a new user gets it: the packed tarball installed into an empty
 * project (once for this file), then used from plain Node (ESM and require),
 * from TypeScript, from its command line, and from browser apps built with
 * Vite and with esbuild, run in headless Chromium. Needs `npm run build`
 * first (npm test does it).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import { dirname, join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveDirectory } from "../../scripts/serve-web.mjs";
import { generateInstance } from "../../bindings/scenarios/generate.js";
import { solve } from "../../bindings/algorithms/solve.js";
import { packAndInstall, repo, type PackedInstall } from "./packed-install.js";
import { buildWithEsbuild, buildWithVite, gzippedBytes, serveWithViteDev, type BuiltApp } from "./browser-apps.js";
import { launchChromium, runApp, type AppRun } from "./chromium.js";

/** Limits the issue sets: what installing the package may weigh, and the entry chunk of an app calling solve. */
const MAX_NODE_MODULES_BYTES = 16 * 1024 * 1024;
const MAX_ENTRY_CHUNK_GZIP_BYTES = 16 * 1024;

const instance = generateInstance({ users: 12, seed: 4 });
let installed: PackedInstall;

beforeAll(() => {
  installed = packAndInstall();
});

afterAll(() => {
  if (installed) rmSync(dirname(installed.project), { recursive: true, force: true });
});

/** V8's note that --jitless turns WebAssembly off; printed before any of our code runs. */
const JITLESS_NOTE = "Warning: disabling flag --expose_wasm due to conflicting flags\n";

/** Runs node in the consumer project; returns status, stdout and stderr. */
function node(args: string[], input?: string) {
  const result = spawnSync(process.execPath, args, { cwd: installed.project, encoding: "utf8", input });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr.replace(JITLESS_NOTE, "") };
}

describe("the tarball", () => {
  it("holds what runs, once each, plus README, LICENSE and docs/model.md, and no TypeScript sources", () => {
    const files = installed.tarballFiles;
    for (const doc of ["README.md", "LICENSE", "docs/model.md", "package.json"]) expect(files).toContain(doc);
    expect(files.filter((f) => f.endsWith("kernels.wasm"))).toEqual(["dist/bindings/core/kernels.wasm"]);
    expect(files.filter((f) => f.endsWith("highs.wasm"))).toEqual(["dist/bindings/highs/highs.wasm"]);
    expect(files.filter((f) => f.endsWith("kernels.js"))).toEqual(["dist/js-fallback/kernels.js"]);
    expect(files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))).toEqual([]);
    expect(files.filter((f) => /^(assembly|bindings|scripts|tests|web|bench)\//.test(f))).toEqual([]);
    expect(files.filter((f) => f.endsWith(".map"))).toEqual([]);
  });

  it(`installs into an empty project with at most ${MAX_NODE_MODULES_BYTES / 1024 / 1024} MiB of node_modules, without the optional plotting packages`, () => {
    console.log(`tarball ${(installed.tarballBytes / 1024).toFixed(0)} KiB; node_modules ${(installed.nodeModulesBytes / 1024 / 1024).toFixed(2)} MiB`);
    expect(installed.nodeModulesBytes).toBeLessThanOrEqual(MAX_NODE_MODULES_BYTES);
    const lock = JSON.parse(readFileSync(join(installed.project, "package-lock.json"), "utf8")) as { packages: Record<string, unknown> };
    expect(Object.keys(lock.packages).filter((p) => /node_modules\/(vega|vega-lite|d3-[\w-]+)$/.test(p))).toEqual([]);
  });
});

describe("in plain Node", () => {
  it("imports by name as ESM and solves on both engines and HiGHS with the same optimum", () => {
    const out = node([
      "--input-type=module",
      "-e",
      `
      import { solve, generateInstance } from "edge-alloc";
      const instance = generateInstance({ users: 12, seed: 4 });
      const runs = [];
      for (const [algorithm, engine] of [["exact", "wasm"], ["exact", "js"], ["milp", "auto"], ["exact", "auto"]]) {
        const s = await solve(instance, { algorithm, engine, timeLimitMs: 0 });
        runs.push([s.engine, s.status, s.served, s.bandwidthUsedHz]);
      }
      console.log(JSON.stringify(runs));
    `,
    ]);
    expect(out.stderr).toBe("");
    const [wasm, js, milp, auto] = JSON.parse(out.stdout) as Array<[string, string, number, number]>;
    expect([wasm[0], js[0], milp[0], auto[0]]).toEqual(["wasm", "js", "highs", "wasm"]);
    expect(js.slice(1)).toEqual(wasm.slice(1));
    expect(milp.slice(1, 3)).toEqual(wasm.slice(1, 3));
    expect(milp[3]).toBeCloseTo(wasm[3], 0);
  });

  it("loads with require() (Node >= 20.19 loads the ES module)", () => {
    const out = node([
      "-e",
      `
      const { solve, generateInstance } = require("edge-alloc");
      solve(generateInstance({ users: 12, seed: 4 })).then((s) => console.log(s.engine, s.status, s.served));
    `,
    ]);
    expect(out.status).toBe(0);
    expect(out.stdout.trim()).toMatch(/^wasm optimal \d+$/);
  });

  it("falls back to the JS engine, silently, where WebAssembly is missing", () => {
    const out = node([
      "--input-type=module",
      "-e",
      `
      delete globalThis.WebAssembly;
      const { solve, generateInstance } = await import("edge-alloc");
      const s = await solve(generateInstance({ users: 12, seed: 4 }));
      console.log(s.engine, s.status);
    `,
    ]);
    expect(out.stderr).toBe("");
    expect(out.stdout.trim()).toBe("js optimal");
  });

  it("under auto, a .wasm that fails to load warns once, naming the URL, and is not tried again", () => {
    const out = node([
      "--input-type=module",
      "-e",
      `
      import { solve, setWasmUrl, generateInstance } from "edge-alloc";
      setWasmUrl(new URL("file:///nowhere/kernels.wasm"));
      const instance = generateInstance({ users: 12, seed: 4 });
      for (let i = 0; i < 3; i++) console.log((await solve(instance)).engine);
    `,
    ]);
    expect(out.stdout.trim().split("\n")).toEqual(["js", "js", "js"]);
    const warnings = out.stderr.trim().split("\n");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^edge-alloc: using the JS fallback: cannot read kernels\.wasm from file:\/\/\/nowhere\/kernels\.wasm: ENOENT/);
  });

  it("names the file and URL when what is served there is not WebAssembly (e.g. an index.html)", () => {
    const out = node([
      "--input-type=module",
      "-e",
      `
      import { solve, setWasmUrl, generateInstance } from "edge-alloc";
      setWasmUrl(new URL("./package.json", import.meta.resolve("edge-alloc/package.json")));
      console.log((await solve(generateInstance({ users: 12, seed: 4 }))).engine);
    `,
    ]);
    expect(out.stdout.trim()).toBe("js");
    expect(out.stderr).toMatch(/^edge-alloc: using the JS fallback: cannot compile kernels\.wasm from file:\/\/\S+\/node_modules\/edge-alloc\/package\.json: /);
  });

  it("rejects bad input with an InstanceError naming the field", () => {
    const out = node([
      "--input-type=module",
      "-e",
      `
      import { solve, generateInstance, InstanceError } from "edge-alloc";
      const instance = generateInstance({ users: 5, seed: 1 });
      instance.users[3].deadlineS = -0.1;
      try { await solve(instance); console.log("no error"); }
      catch (e) { console.log(e instanceof InstanceError, e.issues[0].path); }
    `,
    ]);
    expect(out.stdout.trim()).toBe("true users[3].deadlineS");
  });
});

describe("from TypeScript", () => {
  it("types solve() so a wrong Instance literal fails to compile (tsc on a fixture with @ts-expect-error)", () => {
    writeFileSync(join(installed.project, "typed-caller.ts"), readFileSync(join(repo, "tests/consumer/typed-caller.fixture.ts"), "utf8"));
    writeFileSync(
      join(installed.project, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { module: "nodenext", target: "es2022", strict: true, noEmit: true, skipLibCheck: false, lib: ["es2022", "dom"], types: [] },
        files: ["typed-caller.ts"],
      }),
    );
    // Fails if solve() accepted anything (each @ts-expect-error would be unused) or if the shipped .d.ts were broken.
    const tsc = spawnSync(join(repo, "node_modules/.bin/tsc"), ["-p", "tsconfig.json"], { cwd: installed.project, encoding: "utf8" });
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.status).toBe(0);
  });
});

describe("the edge-alloc command from the package", () => {
  const cli = join("node_modules", "edge-alloc", "dist", "bindings", "cli", "main.js");

  it("prints its version and points to docs/model.md in --help", () => {
    const manifest = JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as { version: string };
    expect(execFileSync(join(installed.project, "node_modules/.bin/edge-alloc"), ["--version"], { encoding: "utf8" })).toBe(`${manifest.version}\n`);
    const help = node([cli, "solve", "--help"]).stdout;
    expect(help).toContain("docs/model.md");
    expect(help).not.toContain("MODEL.md");
  });

  it("without WebAssembly (node --jitless): --engine wasm and milp exit 2 with one line; auto solves on the JS engine", () => {
    const file = JSON.stringify(instance);
    const wasm = node(["--jitless", cli, "solve", "-", "--engine", "wasm"], file);
    expect(wasm.status).toBe(2);
    expect(wasm.stderr).toMatch(/^edge-alloc: engine: wasm needs WebAssembly, which this host does not have; use auto or js[^\n]*\n$/);
    const milp = node(["--jitless", cli, "solve", "-", "--algorithm", "milp"], file);
    expect(milp.status).toBe(2);
    expect(milp.stderr).toMatch(/^edge-alloc: algorithm: milp needs WebAssembly[^\n]*\n$/);
    const auto = node(["--jitless", cli, "solve", "-", "--json"], file);
    expect(auto.status).toBe(0);
    expect(JSON.parse(auto.stdout).engine).toBe("js");
  });

  it("sweep without the optional plotting packages stops before solving, saying what to install (exit 2)", () => {
    const sweep = node([cli, "sweep", "--sweeps", "users", "--values", "10", "--runs", "1", "--algorithms", "greedy", "--workers", "0", "--out", "plots"]);
    expect(sweep.status).toBe(2);
    expect(sweep.stderr).toBe("edge-alloc: plotting (the sweep's SVG files) needs vega, vega-lite, which are not installed: npm install vega vega-lite\n");
  });
});

describe.each([
  ["Vite (no config)", buildWithVite, ""],
  ["esbuild --bundle --platform=browser --format=esm", buildWithEsbuild, "kernels=wasm/kernels.wasm&highs=wasm/highs.wasm&"],
] as const)("a browser app built with %s", (_name, buildApp, wasmLocation) => {
  let app: BuiltApp;
  let server: Server;
  let origin: string;
  let browser: Browser;

  beforeAll(async () => {
    app = await buildApp(installed.project, instance);
    ({ server, url: origin } = await serveDirectory(app.dir));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  });

  const open = (query: string, options?: { withoutWebAssembly?: boolean }): Promise<AppRun> => runApp(browser, `${origin}?${wasmLocation}${query}`, options);
  /** Requests for kernels.wasm or highs.wasm, also as Vite names them (kernels-HASH.wasm). */
  const wasmRequests = (run: AppRun, name: "kernels" | "highs") => run.requested.filter((p) => new RegExp(`/${name}(-[\\w-]+)?\\.wasm$`).test(p));

  it("has no node: import in any chunk (static or dynamic)", () => {
    const chunks = execFileSync("find", [app.dir, "-name", "*.js"], { encoding: "utf8" }).trim().split("\n");
    expect(chunks.length).toBeGreaterThan(0);
    for (const chunk of chunks) expect(readFileSync(chunk, "utf8")).not.toMatch(/(\bfrom|\bimport\s*\(?)\s*["']node:/);
  });

  it("runs exact on WebAssembly, kernels.wasm fetched once for two solves, HiGHS not at all", async () => {
    const expected = await solve(instance, { algorithm: "exact", engine: "wasm", timeLimitMs: 0 });
    const run = await open("algorithm=exact&runs=2");
    expect(run.error).toBeUndefined();
    expect(run.errors).toEqual([]);
    expect(run.runs).toEqual(
      Array(2).fill({ engine: "wasm", status: "optimal", served: expected.served, tauS: expected.tauS, bandwidthUsedHz: expected.bandwidthUsedHz }),
    );
    expect(wasmRequests(run, "kernels")).toHaveLength(1);
    expect(wasmRequests(run, "highs")).toEqual([]);
  });

  it("runs milp on HiGHS with exact's optimum", async () => {
    const expected = await solve(instance, { algorithm: "exact", engine: "wasm", timeLimitMs: 0 });
    const run = await open("algorithm=milp");
    expect(run.error).toBeUndefined();
    expect(run.errors).toEqual([]);
    expect(run.runs.map((r) => [r.engine, r.status, r.served])).toEqual([["highs", "optimal", expected.served]]);
    expect(run.runs[0]!.bandwidthUsedHz).toBeCloseTo(expected.bandwidthUsedHz, 0);
    expect(wasmRequests(run, "highs")).toHaveLength(1);
  });

  it("runs the JS fallback with WebAssembly removed, with the same schedule, and fetches no .wasm", async () => {
    const expected = await solve(instance, { algorithm: "exact", engine: "js", timeLimitMs: 0 });
    const run = await open("algorithm=exact", { withoutWebAssembly: true });
    expect(run.error).toBeUndefined();
    expect(run.errors).toEqual([]);
    expect(run.warnings).toEqual([]);
    expect(run.runs).toEqual([{ engine: "js", status: "optimal", served: expected.served, tauS: expected.tauS, bandwidthUsedHz: expected.bandwidthUsedHz }]);
    expect(run.requested.filter((p) => p.endsWith(".wasm"))).toEqual([]);
  });

  it("under auto, warns once naming the URL when kernels.wasm is not there, and does not fetch it again", async () => {
    const run = await runApp(browser, `${origin}?kernels=missing/kernels.wasm&algorithm=exact&runs=3`);
    expect(run.error).toBeUndefined();
    expect(run.runs.map((r) => r.engine)).toEqual(["js", "js", "js"]);
    expect(wasmRequests(run, "kernels")).toEqual(["/missing/kernels.wasm"]);
    expect(run.warnings).toHaveLength(1);
    expect(run.warnings[0]).toContain(`cannot load kernels.wasm from ${origin}missing/kernels.wasm: HTTP 404`);
  });
});

describe("Vite's dev server (no config)", () => {
  it("serves the app with the .wasm files from the package: exact on WebAssembly, milp on HiGHS", async () => {
    const expected = await solve(instance, { algorithm: "exact", engine: "wasm", timeLimitMs: 0 });
    const dev = await serveWithViteDev(installed.project, instance);
    const browser = await launchChromium();
    try {
      for (const [algorithm, engine] of [
        ["exact", "wasm"],
        ["milp", "highs"],
      ]) {
        const run = await runApp(browser, `${dev.url}?algorithm=${algorithm}`);
        expect(run.error).toBeUndefined();
        expect(run.runs.map((r) => [r.engine, r.status, r.served])).toEqual([[engine, "optimal", expected.served]]);
      }
    } finally {
      await browser.close();
      await dev.close();
    }
  });
});

describe("the entry chunk of a Vite app calling solve", () => {
  it(`is at most ${MAX_ENTRY_CHUNK_GZIP_BYTES / 1024} KiB gzipped (the fallback, HiGHS and milp load on demand)`, async () => {
    const app = await buildWithVite(installed.project, instance);
    const gzipped = gzippedBytes(app.entryChunk);
    console.log(`vite entry chunk: ${(readFileSync(app.entryChunk).length / 1024).toFixed(1)} KiB, ${(gzipped / 1024).toFixed(1)} KiB gzipped`);
    expect(gzipped).toBeLessThanOrEqual(MAX_ENTRY_CHUNK_GZIP_BYTES);
  });
});
