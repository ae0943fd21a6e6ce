/**
 * Only when the library runs from its TypeScript sources (vitest, tsx): a
 * worker thread gets none of the loader hooks that let the starting thread
 * import .ts files, and Node 20 cannot register them inside a worker
 * reliably. So a worker script is bundled once per process with esbuild (a
 * dev dependency) into build/pool-worker/, with kernels.wasm and highs.wasm
 * copied beside it, where the loaders look (`new URL("./x.wasm", import.meta.url)`).
 * Built code (dist/) never bundles: it loads the .js beside the caller.
 */
import { copyFileSync, mkdirSync, renameSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, extname } from "node:path";
import { fileURLToPath } from "node:url";

const bundled = new Map<string, URL>();

/**
 * The worker script `name` beside the module at `callerUrl` (its import.meta.url):
 * `name.js` in built code, a bundle of `name.ts` when running from sources.
 */
export function workerScriptUrl(callerUrl: string, name: string): URL {
  if (extname(fileURLToPath(callerUrl)) !== ".ts") return new URL(`./${name}.js`, callerUrl);
  return bundleSource(fileURLToPath(new URL(`./${name}.ts`, callerUrl)));
}

function bundleSource(entry: string): URL {
  const known = bundled.get(entry);
  if (known) return known;
  const root = fileURLToPath(new URL("../../", import.meta.url));
  const dir = `${root}build/pool-worker`;
  mkdirSync(dir, { recursive: true });
  const esbuild = createRequire(import.meta.url)("esbuild") as typeof import("esbuild");
  // Written under a private name, then renamed: test files in other processes may bundle at the same time.
  const target = `${dir}/${basename(entry, ".ts")}.mjs`;
  const temporary = `${target}.${process.pid}.${Date.now()}.mjs`;
  esbuild.buildSync({
    entryPoints: [entry],
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
  bundled.set(entry, url);
  return url;
}
