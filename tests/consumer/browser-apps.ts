/**
 * A minimal browser app on the installed package, built the two ways the
 * docs/browser.md shows: Vite with no config (it copies the .wasm files itself) and
 * esbuild --bundle --platform=browser --format=esm with no externals (it does
 * not copy assets: the app copies them and points the library at them).
 * The app fetches its instance (so the entry chunk is the library and a few
 * lines), solves it as the query string says, and reports on <body>.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build as esbuild } from "esbuild";
import { build as viteBuild, createServer as viteServer } from "vite";

const APP = `import { solve, setWasmUrl, setHighsWasmUrl } from "edge-alloc";

const params = new URLSearchParams(location.search);
if (params.has("kernels")) setWasmUrl(new URL(params.get("kernels"), location.href));
if (params.has("highs")) setHighsWasmUrl(new URL(params.get("highs"), location.href));
try {
  const instance = await (await fetch(new URL("./instance.json", location.href))).json();
  const runs = [];
  for (let i = 0; i < Number(params.get("runs") ?? 1); i++) {
    const s = await solve(instance, { algorithm: params.get("algorithm") ?? "exact", engine: params.get("engine") ?? "auto", timeLimitMs: 0 });
    runs.push({ engine: s.engine, status: s.status, served: s.served, tauS: s.tauS, bandwidthUsedHz: s.bandwidthUsedHz });
  }
  document.body.dataset.result = JSON.stringify(runs);
} catch (error) {
  document.body.dataset.error = error instanceof Error ? error.message : String(error);
}
document.body.dataset.state = "done";
`;

const HTML = `<!doctype html>
<html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>edge-alloc consumer</title></head>
<body><script type="module" src="./main.js"></script></body></html>
`;

/** Writes the app's sources into `<project>/<name>/` and returns that folder. */
function writeApp(project: string, name: string, instance: unknown): string {
  const dir = join(project, name);
  mkdirSync(join(dir, "public"), { recursive: true });
  writeFileSync(join(dir, "main.js"), APP);
  writeFileSync(join(dir, "index.html"), HTML);
  writeFileSync(join(dir, "public", "instance.json"), JSON.stringify(instance));
  return dir;
}

export interface BuiltApp {
  /** The folder to serve. */
  dir: string;
  /** The script index.html loads: the app and the library code it needs up front. */
  entryChunk: string;
}

export function gzippedBytes(file: string): number {
  return gzipSync(readFileSync(file)).length;
}

const viteBuilds = new Map<string, Promise<BuiltApp>>();

/** `vite build` with no config file and no options but where the app is (once per project). */
export function buildWithVite(project: string, instance: unknown): Promise<BuiltApp> {
  let built = viteBuilds.get(project);
  if (!built) {
    built = viteBuildApp(project, instance);
    viteBuilds.set(project, built);
  }
  return built;
}

async function viteBuildApp(project: string, instance: unknown): Promise<BuiltApp> {
  const root = writeApp(project, "vite-app", instance);
  await viteBuild({ root, configFile: false, logLevel: "error" });
  const dir = join(root, "dist");
  const src = readFileSync(join(dir, "index.html"), "utf8").match(/<script type="module"[^>]*src="\/?([^"]+)"/)?.[1];
  if (!src) throw new Error("vite's index.html loads no module script");
  return { dir, entryChunk: join(dir, src) };
}

/**
 * esbuild's plain bundle. The .wasm files are copied out of the package by
 * their export names (edge-alloc/kernels.wasm, edge-alloc/highs.wasm) into
 * wasm/, a folder the library cannot guess: the app passes ?kernels=&highs=.
 */
export async function buildWithEsbuild(project: string, instance: unknown): Promise<BuiltApp> {
  const root = writeApp(project, "esbuild-app", instance);
  const dir = join(root, "dist");
  await esbuild({ entryPoints: [join(root, "main.js")], bundle: true, platform: "browser", format: "esm", outdir: dir, logLevel: "error" });
  writeFileSync(join(dir, "index.html"), HTML);
  copyFileSync(join(root, "public", "instance.json"), join(dir, "instance.json"));
  const resolve = createRequire(join(project, "package.json")).resolve;
  mkdirSync(join(dir, "wasm"));
  copyFileSync(resolve("edge-alloc/kernels.wasm"), join(dir, "wasm", "kernels.wasm"));
  copyFileSync(resolve("edge-alloc/highs.wasm"), join(dir, "wasm", "highs.wasm"));
  return { dir, entryChunk: join(dir, "main.js") };
}

/** Vite's dev server (no config) on the app's sources, on 127.0.0.1: its address and how to stop it. */
export async function serveWithViteDev(project: string, instance: unknown): Promise<{ url: string; close: () => Promise<void> }> {
  const root = writeApp(project, "vite-dev-app", instance);
  const server = await viteServer({ root, configFile: false, logLevel: "error", server: { host: "127.0.0.1", port: 0 } });
  await server.listen();
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error("vite's dev server reports no local address");
  return { url, close: () => server.close() };
}
