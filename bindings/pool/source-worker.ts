/**
 * Only when the library runs from its TypeScript sources (vitest, tsx): a
 * worker thread gets none of the loader hooks that let the starting thread
 * import .ts files, and Node 20 cannot register them inside a worker
 * reliably. So the worker is bundled once per process with esbuild (a dev
 * dependency) into build/pool-worker/, with kernels.wasm and highs.wasm
 * copied beside it, where the loaders look (`new URL("./x.wasm", import.meta.url)`).
 * Built code (dist/) never comes here: it loads node-worker.js.
 */
import { copyFileSync, mkdirSync, renameSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

let bundled: URL | undefined;

export function sourceWorkerUrl(): URL {
  if (bundled) return bundled;
  const root = fileURLToPath(new URL("../../", import.meta.url));
  const dir = `${root}build/pool-worker`;
  mkdirSync(dir, { recursive: true });
  const esbuild = createRequire(import.meta.url)("esbuild") as typeof import("esbuild");
  // Written under a private name, then renamed: test files in other processes may bundle at the same time.
  const target = `${dir}/node-worker.mjs`;
  const temporary = `${dir}/node-worker.${process.pid}.${Date.now()}.mjs`;
  esbuild.buildSync({
    entryPoints: [fileURLToPath(new URL("./node-worker.ts", import.meta.url))],
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
  bundled = new URL(`file://${target}`);
  return bundled;
}
