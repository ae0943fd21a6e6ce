/**
 * Choosing and loading the kernels' engine (core/engine.ts): wasm, js and
 * auto; one load per engine; a .wasm that cannot be loaded fails `wasm` with
 * the URL, and makes `auto` fall back to JS with one warning naming it;
 * setWasmUrl points elsewhere and forgets the failure.
 */
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import { loadEngine, setWasmUrl } from "../bindings/core/engine.js";

const KERNELS = new URL("../bindings/core/kernels.wasm", import.meta.url);
const MISSING = pathToFileURL("/nonexistent/kernels.wasm");

afterEach(() => {
  setWasmUrl(KERNELS);
  vi.restoreAllMocks();
});

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
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toBe(
      `edge-alloc: using the JS fallback: cannot read kernels.wasm from ${MISSING.href}: ENOENT (setWasmUrl points to where kernels.wasm is served)`,
    );
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
});
