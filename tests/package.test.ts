// The package as a user gets it: `import { solve } from "edge-alloc"` in plain
// Node ESM (no tsx, no vitest transforms), from the built dist/ that npm ci's
// prepare step (and npm test) builds.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";

const root = new URL("..", import.meta.url).pathname;

function runNode(source: string): string {
  return execFileSync(process.execPath, ["--input-type=module", "-e", source], { cwd: root, encoding: "utf8" });
}

describe("the edge-alloc package in plain Node ESM", () => {
  it("is built (dist/ and the kernels) by the build step", () => {
    expect(existsSync(`${root}dist/bindings/index.js`)).toBe(true);
    expect(existsSync(`${root}dist/build/kernels.wasm`)).toBe(true);
    expect(existsSync(`${root}dist/js-fallback/kernels.js`)).toBe(true);
  });

  it("solves by package name on both engines with the same answer", () => {
    const out = runNode(`
      import { solve, generateInstance } from "edge-alloc";
      const instance = generateInstance({ users: 40, seed: 7 });
      const wasm = await solve(instance, { algorithm: "exact", engine: "wasm" });
      const js = await solve(instance, { algorithm: "exact", engine: "js" });
      const auto = await solve(instance);
      console.log(JSON.stringify({ wasm: [wasm.engine, wasm.status, wasm.served, wasm.tauS, wasm.bandwidthUsedHz],
        js: [js.engine, js.status, js.served, js.tauS, js.bandwidthUsedHz], auto: auto.engine }));
    `);
    const r = JSON.parse(out);
    expect(r.wasm[0]).toBe("wasm");
    expect(r.js[0]).toBe("js");
    expect(r.auto).toBe("wasm");
    expect(r.wasm[1]).toBe("optimal");
    expect(r.wasm.slice(1)).toEqual(r.js.slice(1));
  });

  it("falls back to the JS engine when WebAssembly is missing", () => {
    const out = runNode(`
      delete globalThis.WebAssembly;
      const { solve, generateInstance } = await import("edge-alloc");
      const s = await solve(generateInstance({ users: 20, seed: 3 }), { engine: "auto" });
      console.log(s.engine, s.status);
    `);
    expect(out.trim()).toBe("js optimal");
  });

  it("rejects bad input with an InstanceError naming the field", () => {
    const out = runNode(`
      import { solve, generateInstance, InstanceError } from "edge-alloc";
      const instance = generateInstance({ users: 5, seed: 1 });
      instance.users[3].deadlineS = -0.1;
      try { await solve(instance); console.log("no error"); }
      catch (e) { console.log(e instanceof InstanceError, e.issues[0].path, e.issues[0].message); }
    `);
    expect(out.trim()).toBe("true users[3].deadlineS must be a positive number, got -0.1");
  });
});
