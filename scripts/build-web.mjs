#!/usr/bin/env node
// The browser build: the library (web/edge-alloc.js) and the planner page
// (web/main.ts) bundled by esbuild into build/web/, with the kernels' .wasm
// and HiGHS's .wasm copied beside them as separate files (fetched once, on
// first use, never inlined). Code splitting keeps the JS fallback and HiGHS's
// glue in their own chunks, loaded only when a solve needs them.
//
// Node-only branches (engine.ts reading kernels.wasm from disk, HiGHS's
// emscripten glue) reach for `node:*` modules through dynamic import() behind
// an "are we in Node" check. They are left external, and this script refuses
// any bundle that imports a node: module statically (it would run on load).
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const webDir = join(root, "build", "web");

const kernelsWasm = join(root, "build", "kernels.wasm");
const kernelsJs = join(root, "js-fallback", "kernels.js");

export async function buildWeb({ quiet = false } = {}) {
  const say = quiet ? () => {} : (line) => console.log(line);
  if (!existsSync(kernelsWasm) || !existsSync(kernelsJs)) {
    say("kernels not built yet: running scripts/build-kernels.mjs");
    execFileSync(process.execPath, [join(root, "scripts", "build-kernels.mjs")], { cwd: root, stdio: quiet ? "ignore" : "inherit" });
  }
  // esbuild strips types without checking them; the page's code is checked here.
  execFileSync(join(root, "node_modules", ".bin", "tsc"), ["-p", join("web", "tsconfig.json")], { cwd: root, stdio: "inherit" });
  rmSync(webDir, { recursive: true, force: true });
  mkdirSync(webDir, { recursive: true });

  const { metafile } = await build({
    absWorkingDir: root,
    entryPoints: { "edge-alloc": "web/edge-alloc.ts", main: "web/main.ts", "solver-worker": "bindings/pool/solver-worker.ts" },
    outdir: webDir,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    sourcemap: "linked",
    // Chunks sit beside the entries: code in a shared chunk resolves ./kernels.wasm against its own URL.
    chunkNames: "[name]-[hash]",
    external: ["node:*"],
    logLevel: quiet ? "error" : "warning",
    metafile: true,
  });

  const require = createRequire(import.meta.url);
  copyFileSync(kernelsWasm, join(webDir, "kernels.wasm"));
  copyFileSync(require.resolve("highs/runtime"), join(webDir, "highs.wasm"));
  for (const file of ["index.html", "style.css"]) copyFileSync(join(root, "web", file), join(webDir, file));

  checkBundle(webDir, metafile);
  say(`built ${webDir.slice(root.length + 1)}/ (the page: index.html; the library: edge-alloc.js)`);
  return webDir;
}

const ENTRY_OUTPUTS = ["main.js", "edge-alloc.js", "solver-worker.js"];

/** The rules above, checked on what esbuild wrote. */
function checkBundle(dir, metafile) {
  const scripts = listFiles(dir).filter((f) => f.endsWith(".js"));
  for (const file of scripts) {
    const code = readFileSync(file, "utf8");
    const staticNode = code.match(/(?:^|[;}\s])(?:import|export)\s*(?:[\w*{},\s$]*\s*from\s*)?["']node:[^"']+["']/);
    if (staticNode) throw new Error(`${file}: a static node: import would run in the browser: ${staticNode[0].trim()}`);
    // A \0asm header in base64 means a .wasm got inlined as a string.
    if (code.includes("AGFzbQ")) throw new Error(`${file}: contains an inlined WebAssembly module`);
  }
  // Loaded only where WebAssembly is missing, so it must not weigh on the entry points.
  for (const [output, info] of Object.entries(metafile.outputs)) {
    if (info.inputs["js-fallback/kernels.js"] && ENTRY_OUTPUTS.some((name) => output.endsWith(`/${name}`))) {
      throw new Error(`${output}: the JS fallback kernels were bundled into an entry point instead of a chunk of their own`);
    }
  }
  if (!Object.values(metafile.outputs).some((info) => info.inputs["js-fallback/kernels.js"])) {
    throw new Error("the JS fallback kernels are missing from the bundle");
  }
}

function listFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)]));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildWeb().catch((error) => {
    console.error(`build-web: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
