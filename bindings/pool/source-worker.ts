/**
 * Only when the library runs from its TypeScript sources (vitest, tsx): a
 * worker thread gets none of the loader hooks that let the starting thread
 * import .ts files, and Node 20 cannot register them inside a worker
 * reliably. So each worker module is bundled once per process with esbuild
 * (a dev dependency) into build/pool-worker/, with kernels.wasm and highs.wasm
 * copied beside it, where the loaders look (`new URL("./x.wasm", import.meta.url)`).
 * Built code (dist/) never comes here: it loads the worker's .js beside it.
 */
import { copyFileSync, mkdirSync, renameSync } from "node:fs";
import { createRequire } from "node:module";
import { basename } from "node:path";
import { fileURLToPath } from "node:url";

const bundled = new Map<string, URL>();

/** The bundle of the worker module `entry` (a .ts file; by default the solver pool's node-worker.ts). */
export function sourceWorkerUrl(entry = new URL("./node-worker.ts", import.meta.url)): URL {
  const done = bundled.get(entry.href);
  if (done) return done;
  const root = fileURLToPath(new URL("../../", import.meta.url));
  const dir = `${root}build/pool-worker`;
  mkdirSync(dir, { recursive: true });
  const esbuild = createRequire(import.meta.url)("esbuild") as typeof import("esbuild");
  // Written under a private name, then renamed: test files in other processes may bundle at the same time.
  const name = basename(fileURLToPath(entry), ".ts");
  const target = `${dir}/${name}.mjs`;
  const temporary = `${dir}/${name}.${process.pid}.${Date.now()}.mjs`;
  esbuild.buildSync({
    entryPoints: [fileURLToPath(entry)],
    outfile: temporary,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    logLevel: "error",
  });
  for (const wasm of ["core/kernels.wasm", "highs/highs.wasm"]) {
    const copy = `${dir}/${wasm.split("/")[1]}.${process.pid}`;
    copyFileSync(`${root}bindings/${wasm}`, copy);
    renameSync(copy, `${dir}/${wasm.split("/")[1]}`);
  }
  renameSync(temporary, target);
  const url = new URL(`file://${target}`);
  bundled.set(entry.href, url);
  return url;
}
