// workerScriptUrl (pool/source-worker.ts): built code loads the worker's .js
// beside its caller; from sources (vitest, tsx) the worker's .ts is bundled
// into build/pool-worker/ with the two .wasm files beside it, once per process and
// again only when a file it was made from has changed, and the bundle runs on a
// worker thread.
import { readFileSync, readdirSync, rmSync, statSync, utimesSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it, vi } from "vitest";
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
    // Without the record of what the kept bundle was made from, it is made again.
    rmSync(`${dir}/lane-worker.mjs.inputs.json`, { force: true });
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

  it("keeps a bundle for the next process until a file it was made from changes, and runs it", async () => {
    /** workerScriptUrl of a fresh instance of the module, as a new process (or test file) has. */
    const fresh = async () => {
      vi.resetModules();
      const { workerScriptUrl: again } = await import("../bindings/pool/source-worker.js");
      return again(import.meta.url, "helpers/echo-worker");
    };
    const bundle = `${dir}/echo-worker.mjs`;
    const url = await fresh();
    const made = inode(bundle);
    const stamp = JSON.parse(readFileSync(`${bundle}.inputs.json`, "utf8")) as Record<string, number>;
    // The entry, what it imports, and the .wasm sources, each by its path from the root with its mtime.
    const entry = `${repo}tests/helpers/echo-worker.ts`;
    expect(stamp["tests/helpers/echo-worker.ts"]).toBe(statSync(entry).mtimeMs);
    expect(stamp["bindings/pool/thread-worker.ts"]).toBe(statSync(`${repo}bindings/pool/thread-worker.ts`).mtimeMs);
    expect(
      Object.keys(stamp)
        .filter((file) => file.endsWith(".wasm"))
        .sort(),
    ).toEqual(["bindings/core/kernels.wasm", "bindings/highs/highs.wasm"]);
    expect((await fresh()).href).toBe(url.href);
    expect(inode(bundle)).toBe(made);
    // A source touched: bundled again, and the new bundle runs.
    const { atime, mtime } = statSync(entry);
    try {
      utimesSync(entry, atime, new Date(mtime.getTime() + 1000));
      expect((await fresh()).href).toBe(url.href);
      expect(inode(bundle)).not.toBe(made);
    } finally {
      utimesSync(entry, atime, mtime);
    }
    // The bundle gone (only this test bundles this worker), its record current: made again.
    await fresh();
    expect(JSON.parse(readFileSync(`${bundle}.inputs.json`, "utf8"))["tests/helpers/echo-worker.ts"]).toBe(statSync(entry).mtimeMs);
    rmSync(bundle);
    await fresh();
    expect(inode(bundle)).toBeDefined();
    const threads = new ThreadPool<string, string>(url, 1, undefined, "closed");
    try {
      expect(await threads.run("echo")).toBe("echo");
    } finally {
      await threads.close();
    }
  });

  it("leaves packages to be imported from node_modules at run time, not copied into the bundle", () => {
    // Bundled now, not kept from an earlier process.
    rmSync(`${dir}/node-worker.mjs.inputs.json`, { force: true });
    const url = workerScriptUrl(new URL("../bindings/pool/node-pool.ts", import.meta.url).href, "node-worker");
    expect(url.href).toBe(new URL(`file://${dir}/node-worker.mjs`).href);
    const bundle = readFileSync(fileURLToPath(url), "utf8");
    // the validator's zod stays an import (one copy, resolved where the package is installed)
    expect(bundle).toMatch(/from\s*"zod\/mini"/);
    expect(bundle).not.toMatch(/from\s*["']\.\.?\//);
  });
});
