// workerScriptUrl (pool/source-worker.ts): built code loads the worker's .js
// beside its caller; from sources (vitest, tsx) the worker's .ts is bundled
// into build/pool-worker/ with the two .wasm files beside it, once per process,
// and the bundle runs on a worker thread.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { workerScriptUrl } from "../bindings/pool/source-worker.js";
import { ThreadPool } from "../bindings/pool/thread-pool.js";
import type { LaneTask } from "./helpers/lane-worker.js";

const repo = fileURLToPath(new URL("..", import.meta.url));
const dir = `${repo}build/pool-worker`;
const inode = (path: string) => {
  try {
    return statSync(path).ino;
  } catch {
    return undefined;
  }
};

describe("workerScriptUrl", () => {
  it("in built code: name.js beside the caller, nothing bundled", () => {
    expect(workerScriptUrl("file:///srv/app/dist/bindings/pool/node-pool.js", "node-worker").href).toBe("file:///srv/app/dist/bindings/pool/node-worker.js");
    expect(workerScriptUrl("file:///srv/app/dist/tests/x.mjs", "helpers/w").href).toBe("file:///srv/app/dist/tests/helpers/w.js");
  });

  it("from sources: a fresh bundle of name.ts and fresh copies of the .wasm files, once per process, that run on a worker thread", async () => {
    const files = ["lane-worker.mjs", "kernels.wasm", "highs.wasm"].map((f) => `${dir}/${f}`);
    const before = files.map(inode);
    const url = workerScriptUrl(import.meta.url, "helpers/lane-worker");
    expect(url.href).toBe(new URL(`file://${dir}/lane-worker.mjs`).href);
    // Written anew (renamed over the old files: new inodes) and the same bytes as the sources.
    const after = files.map(inode);
    after.forEach((ino, i) => {
      expect(ino).toBeDefined();
      expect(ino).not.toBe(before[i]);
    });
    const same = (copy: string, source: string) => readFileSync(copy).equals(readFileSync(source));
    expect(same(`${dir}/kernels.wasm`, `${repo}bindings/core/kernels.wasm`)).toBe(true);
    expect(same(`${dir}/highs.wasm`, `${repo}bindings/highs/highs.wasm`)).toBe(true);
    // No file left under its private name.
    expect(readdirSync(dir).filter((f) => f.includes(`.${process.pid}`))).toEqual([]);
    // An ES module with the worker's imports inlined: nothing left to resolve as TypeScript.
    const bundle = readFileSync(fileURLToPath(url), "utf8");
    expect(bundle).not.toMatch(/from\s*["']\.\.?\//);
    expect(bundle).not.toMatch(/\brequire\(/);

    // Asked again in this process: the same URL, nothing bundled again.
    expect(workerScriptUrl(import.meta.url, "helpers/lane-worker")).toBe(url);
    expect(files.map(inode)).toEqual(after);

    const threads = new ThreadPool<LaneTask, { id: number; thread: number }>(url, 1, undefined, "closed");
    try {
      const ran = new Int32Array(new SharedArrayBuffer(8));
      const reply = await threads.run({ id: 1, ms: 0, ran });
      expect(reply.id).toBe(1);
      expect(reply.thread).toBeGreaterThan(0);
      expect(Array.from(ran)).toEqual([0, 1]);
    } finally {
      await threads.close();
    }
  });

  it("leaves packages to be imported from node_modules at run time, not copied into the bundle", () => {
    const url = workerScriptUrl(new URL("../bindings/pool/node-pool.ts", import.meta.url).href, "node-worker");
    expect(url.href).toBe(new URL(`file://${dir}/node-worker.mjs`).href);
    const bundle = readFileSync(fileURLToPath(url), "utf8");
    // the validator's zod stays an import (one copy, resolved where the package is installed)
    expect(bundle).toMatch(/from\s*"zod\/mini"/);
    expect(bundle).not.toMatch(/from\s*["']\.\.?\//);
  });
});
