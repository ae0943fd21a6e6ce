/**
 * loadServiceDeps (service/deps.ts) in this process: it loads fastify, pino
 * and prom-client through importOptional, naming `edge-alloc serve` and all
 * three packages for the message of a missing one, and hands back the
 * callable defaults and prom-client's classes.
 */
import { describe, expect, it, vi } from "vitest";
import { importOptional } from "../bindings/core/optional-package.js";
import { SERVICE_PACKAGES, loadServiceDeps } from "../bindings/service/deps.js";

vi.mock("../bindings/core/optional-package.js", async (original) => {
  const real = await original<typeof import("../bindings/core/optional-package.js")>();
  return { importOptional: vi.fn(real.importOptional) };
});

describe("loadServiceDeps", () => {
  it("names the three optional packages", () => {
    expect(SERVICE_PACKAGES).toEqual(["fastify", "pino", "prom-client"]);
  });

  it("loads each package through importOptional, for `edge-alloc serve`", async () => {
    await loadServiceDeps();
    const calls = vi.mocked(importOptional).mock.calls;
    expect(calls.map(([name]) => name).sort()).toEqual(["fastify", "pino", "prom-client"]);
    for (const [, neededFor, packages] of calls) {
      expect(neededFor).toBe("edge-alloc serve");
      expect(packages).toEqual(["fastify", "pino", "prom-client"]);
    }
  });

  it("returns fastify's and pino's factories and prom-client's classes", async () => {
    const deps = await loadServiceDeps();
    const fastify = (await import("fastify")).default;
    const pino = (await import("pino")).default;
    expect(deps.fastify).toBe(fastify);
    expect(deps.pino).toBe(pino);
    // prom-client is CommonJS: its module.exports (the default of the import) is what the server uses.
    expect(deps.prom).toBe((await import("prom-client")).default);
    expect(typeof deps.prom.Registry).toBe("function");
    expect(typeof deps.prom.collectDefaultMetrics).toBe("function");
    expect(new deps.prom.Registry()).toBeInstanceOf(deps.prom.Registry);
  });
});
