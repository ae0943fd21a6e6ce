/**
 * Only when the library runs from its TypeScript sources (vitest, tsx): a
 * worker thread gets none of the loader hooks that let the starting thread
 * import .ts files, and Node 20 cannot register them inside a worker
 * reliably. So a worker script is bundled with esbuild (a dev dependency)
 * into build/pool-worker/, with kernels.wasm and highs.wasm copied beside it,
 * where the loaders look (`new URL("./x.wasm", import.meta.url)`). A bundle is
 * made once per process, and kept for the next process while none of the
 * files it was made from has changed: a test file's run imports its modules
 * afresh, and bundling took 0.4 to 1.4 s of each (a mutation run repeats that
 * run for every mutant). Built code (dist/) never bundles: it loads the .js
 * beside the caller.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
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

const WASM = ["core/kernels.wasm", "highs/highs.wasm"];

function bundleSource(entry: string): URL {
  const known = bundled.get(entry);
  if (known) return known;
  const root = fileURLToPath(new URL("../../", import.meta.url));
  const dir = `${root}build/pool-worker`;
  const target = `${dir}/${basename(entry, ".ts")}.mjs`;
  const url = new URL(`file://${target}`);
  // What the bundle was made from (its sources and the .wasm files), each with its mtime.
  const stamp = `${target}.inputs.json`;
  if (!unchanged(root, stamp, [target, ...WASM.map((wasm) => `${dir}/${basename(wasm)}`)])) {
    mkdirSync(dir, { recursive: true });
    const esbuild = createRequire(import.meta.url)("esbuild") as typeof import("esbuild");
    const started = Date.now();
    // Written under a private name, then renamed: test files in other processes may bundle at the same time.
    const temporary = `${target}.${process.pid}.${started}.mjs`;
    const { metafile } = esbuild.buildSync({
      entryPoints: [entry],
      outfile: temporary,
      absWorkingDir: root,
      metafile: true,
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      packages: "external",
      logLevel: "error",
    });
    for (const wasm of WASM) {
      const copy = `${dir}/${basename(wasm)}.${process.pid}`;
      copyFileSync(`${root}bindings/${wasm}`, copy);
      renameSync(copy, `${dir}/${basename(wasm)}`);
    }
    renameSync(temporary, target);
    // Paths from the root: a copy of the tree (StrykerJS's sandbox) checks its own files.
    const inputs = [...Object.keys(metafile.inputs), ...WASM.map((wasm) => `bindings/${wasm}`)];
    const mtimes = Object.fromEntries(inputs.map((input) => [input, statSync(`${root}${input}`).mtimeMs]));
    // A file changed while it was bundled may not be in the bundle: then no stamp, and the next process bundles again.
    if (Object.values(mtimes).every((mtime) => mtime < started)) {
      writeFileSync(`${stamp}.${process.pid}`, JSON.stringify(mtimes));
      renameSync(`${stamp}.${process.pid}`, stamp);
    }
  }
  bundled.set(entry, url);
  return url;
}

/** True when the files `made` exist and every file the stamp names (from `root`) has the mtime it records. */
function unchanged(root: string, stamp: string, made: string[]): boolean {
  if (!existsSync(stamp) || !made.every((file) => existsSync(file))) return false;
  const mtimes = JSON.parse(readFileSync(stamp, "utf8")) as Record<string, number>;
  return Object.entries(mtimes).every(([file, mtime]) => existsSync(`${root}${file}`) && statSync(`${root}${file}`).mtimeMs === mtime);
}
