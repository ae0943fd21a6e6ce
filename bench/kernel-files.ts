/**
 * Which kernel build a run measured. Both engines are loaded once, at the start
 * of the run; the files they come from are recorded (size, time, hash) and
 * checked for consistency: the JS fallback is generated from kernels.wasm, so
 * a fallback older than the .wasm means the two engines may run different
 * code (someone rebuilt the .wasm alone), and their comparison is void.
 */
import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { loadEngine } from "../bindings/core/engine.js";
import { loadHighs } from "../bindings/highs/highs.js";

export interface KernelFile {
  path: string;
  bytes: number;
  modified: string;
  sha256: string;
}

export interface KernelBuild {
  wasm: KernelFile;
  js: KernelFile;
  /** Why the engines may not be the same build, if they may not. */
  mismatch?: string;
}

const WASM = new URL("../build/kernels.wasm", import.meta.url);
const JS = new URL("../js-fallback/kernels.js", import.meta.url);
/** wasm2js runs a few seconds after asc in one build; a fallback older than the .wasm by more than this was not made from it. */
const SAME_BUILD_SLACK_MS = 1000;

async function describe(url: URL, root: URL): Promise<KernelFile & { mtimeMs: number }> {
  const [info, bytes] = await Promise.all([stat(url), readFile(url)]);
  return {
    path: url.pathname.slice(root.pathname.length),
    bytes: info.size,
    modified: info.mtime.toISOString(),
    mtimeMs: info.mtimeMs,
    sha256: createHash("sha256").update(bytes).digest("hex").slice(0, 16),
  };
}

/** Load both engines and HiGHS now (so a rebuild during the run changes nothing), and say which files they came from. */
export async function loadKernels(): Promise<KernelBuild> {
  const root = new URL("../", import.meta.url);
  const [wasm, js] = await Promise.all([describe(WASM, root), describe(JS, root)]);
  await Promise.all([loadEngine("wasm"), loadEngine("js"), loadHighs()]);
  const after = await describe(WASM, root);
  const { mtimeMs: wasmTime, ...wasmFile } = wasm;
  const { mtimeMs: jsTime, ...jsFile } = js;
  let mismatch: string | undefined;
  if (after.sha256 !== wasm.sha256) mismatch = "build/kernels.wasm changed while the engines were loading (a build was running)";
  else if (jsTime + SAME_BUILD_SLACK_MS < wasmTime) {
    mismatch = `js-fallback/kernels.js (${js.modified}) is older than build/kernels.wasm (${wasm.modified}): the JS engine may run older kernels; run npm run build`;
  }
  return { wasm: wasmFile, js: jsFile, ...(mismatch ? { mismatch } : {}) };
}
