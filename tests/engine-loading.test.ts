/**
 * Choosing and loading the kernels' engine (core/engine.ts): wasm, js and
 * auto; one load per engine; a .wasm that cannot be loaded fails `wasm` with
 * the URL, and makes `auto` fall back to JS with one warning naming it;
 * setWasmUrl points elsewhere and forgets the failure.
 */
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import { loadEngine, setWasmUrl } from "../bindings/core/engine.js";
import { InputError } from "../bindings/core/errors.js";
import { prepare } from "../bindings/core/prepare.js";
import { handMade, user } from "./helpers/hand-made.js";

const KERNELS = new URL("../bindings/core/kernels.wasm", import.meta.url);
const MISSING = pathToFileURL("/nonexistent/kernels.wasm");

afterEach(() => {
  vi.unstubAllGlobals();
  setWasmUrl(KERNELS);
  vi.restoreAllMocks();
});

/** 20 users of whom 19 can be served (hand-made.ts's cell and two exits). */
const TWENTY = prepare(handMade(Array.from({ length: 20 }, (_, i) => user(`u${i}`, { deadlineS: 0.05 + i * 0.001 }))));
const served = (flags: ArrayLike<number>) => Array.from(flags).reduce((sum, f) => sum + f, 0);

describe("loadEngine", () => {
  it("auto is WebAssembly where it loads; wasm and js as asked; one engine per name", async () => {
    const auto = await loadEngine();
    expect(auto.name).toBe("wasm");
    expect(await loadEngine("auto")).toBe(auto);
    expect(await loadEngine("wasm")).toBe(auto);
    const js = await loadEngine("js");
    expect(js.name).toBe("js");
    expect(await loadEngine("js")).toBe(js);
  });

  it("both engines compute the same least bandwidth", async () => {
    const wasm = await loadEngine("wasm");
    const js = await loadEngine("js");
    for (const [dataBits, snrHz, tauS] of [
      [1e5, 1e3, 0.05],
      [3e5, 2e6, 0.2],
      [1, 1e-3, 1e3],
    ]) {
      const hz = wasm.wminHz(dataBits, snrHz, tauS);
      expect(hz).toBeGreaterThan(0);
      expect(js.wminHz(dataBits, snrHz, tauS)).toBe(hz);
    }
  });

  it("a .wasm that cannot be read: wasm rejects naming the URL, auto falls back to JS with one warning", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    setWasmUrl(MISSING);
    await expect(loadEngine("wasm")).rejects.toThrow(`cannot read kernels.wasm from ${MISSING.href}: ENOENT`);
    expect((await loadEngine("auto")).name).toBe("js");
    expect((await loadEngine()).name).toBe("js");
    expect(await loadEngine()).toBe(await loadEngine("js"));
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toBe(
      `edge-alloc: using the JS fallback: cannot read kernels.wasm from ${MISSING.href}: ENOENT (setWasmUrl points to where kernels.wasm is served)`,
    );
  });

  it("a .wasm that fails at the URL the module starts with: auto warns once, before any setWasmUrl", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    vi.resetModules();
    vi.doMock("../bindings/core/wasm-bytes.js", () => ({
      compileWasm: async () => {
        throw new Error("cannot read kernels.wasm from the bundle");
      },
    }));
    try {
      const fresh = await import("../bindings/core/engine.js");
      expect((await fresh.loadEngine()).name).toBe("js");
      expect((await fresh.loadEngine()).name).toBe("js");
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn.mock.calls[0][0]).toBe(
        "edge-alloc: using the JS fallback: cannot read kernels.wasm from the bundle (setWasmUrl points to where kernels.wasm is served)",
      );
    } finally {
      vi.doUnmock("../bindings/core/wasm-bytes.js");
      vi.resetModules();
    }
  });

  it("setWasmUrl forgets a failed load and warns again after a new failure", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    setWasmUrl(MISSING);
    expect((await loadEngine()).name).toBe("js");
    setWasmUrl(KERNELS);
    expect((await loadEngine()).name).toBe("wasm");
    setWasmUrl(MISSING);
    expect((await loadEngine()).name).toBe("js");
    expect(warn).toHaveBeenCalledTimes(2);
  });

  it("without WebAssembly: wasm is refused naming the engine option, auto is the JS fallback without a warning", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    setWasmUrl(KERNELS); // forget any WebAssembly engine loaded before
    vi.stubGlobal("WebAssembly", undefined);
    const refused = await loadEngine("wasm").then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(InputError);
    expect((refused as InputError).issues).toEqual([
      { path: "engine", message: "wasm needs WebAssembly, which this host does not have; use auto or js (the same kernels in plain JS)" },
    ]);
    expect((await loadEngine()).name).toBe("js");
    expect((await loadEngine("auto")).name).toBe("js");
    // the one JS engine of the process, the same that js gives
    expect(await loadEngine()).toBe(await loadEngine("js"));
    expect(warn).not.toHaveBeenCalled();
  });
});

describe("Engine.run", () => {
  for (const name of ["wasm", "js"] as const) {
    it(`${name}: a stop time already passed ends the run at once, with nobody served and no proof`, async () => {
      const engine = await loadEngine(name);
      for (const algorithm of ["exact", "greedy", "tree", "bsp", "sequential"] as const) {
        const unlimited = engine.run(TWENTY, algorithm, Infinity);
        expect([algorithm, served(unlimited.served)]).toEqual([algorithm, 19]);
        const stopped = engine.run(TWENTY, algorithm, 0);
        expect([algorithm, served(stopped.served), stopped.status]).toEqual([algorithm, 0, "feasible"]);
      }
    });

    it(`${name}: the schedule is a copy by default, which the next run leaves alone; views are overwritten`, async () => {
      const engine = await loadEngine(name);
      const copy = engine.run(TWENTY, "exact", Infinity);
      const views = engine.run(TWENTY, "exact", Infinity, true);
      expect(served(views.served)).toBe(19);
      engine.run(TWENTY, "exact", 0);
      expect(served(copy.served)).toBe(19);
      expect(copy.status).toBe("optimal");
      expect(served(views.served)).toBe(0);
    });
  }
});
