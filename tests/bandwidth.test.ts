/**
 * w^min(tau) of both engines against the bisection reference: relative error
 * at most 1e-12 across SNRs from 1e3 to 1e14 Hz and c = (L/tau) ln2 / s from
 * 1e-40 to 0.999 (the kernel's fitted start covers 2e-32 < c < 0.75, a bounded
 * start the rest); Infinity where the rate is out of reach; decreasing in tau.
 */
import { describe, expect, it } from "vitest";
import { loadEngine } from "../bindings/core/engine.js";
import { referenceRateBps, referenceWminHz } from "./helpers/reference-model.js";

const ENGINES = ["wasm", "js"] as const;
const TAUS_S = [1e-3, 0.02, 0.3];

/** c values: a log grid from 1e-40 up, then ever closer to 0.999 (across the fitted start's edge at 0.75). */
function cGrid(): number[] {
  const values: number[] = [];
  for (let exponent = -40; exponent < 0; exponent += 0.125) values.push(10 ** exponent);
  for (const gap of [0.5, 0.3, 0.26, 0.25000001, 0.25, 0.24999999, 0.24, 0.1, 0.05, 0.02, 0.01, 0.005, 0.002, 0.001]) values.push(1 - gap);
  return values.filter((c) => c >= 1e-40 && c <= 0.999);
}

function snrGrid(): number[] {
  const values: number[] = [];
  for (let exponent = 3; exponent <= 14; exponent += 0.5) values.push(10 ** exponent);
  return values;
}

describe.each(ENGINES)("w^min on the %s engine", (engineName) => {
  it("matches the bisection reference to 1e-12 relative", async () => {
    const engine = await loadEngine(engineName);
    expect(engine.name).toBe(engineName);
    let worst = { relativeError: 0, at: "" };
    let checked = 0;
    for (const snrHz of snrGrid()) {
      for (const c of cGrid()) {
        for (const tauS of TAUS_S) {
          const dataBits = (c * snrHz * tauS) / Math.LN2;
          const reference = referenceWminHz(dataBits, snrHz, tauS);
          const got = engine.wminHz(dataBits, snrHz, tauS);
          const relativeError = Math.abs(got - reference) / reference;
          checked++;
          if (!(relativeError <= worst.relativeError)) {
            worst = { relativeError, at: `L=${dataBits} s=${snrHz} tau=${tauS} (c=${c}): got ${got}, reference ${reference}` };
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(20000);
    expect(worst.relativeError, worst.at).toBeLessThanOrEqual(1e-12);
  });

  it("gives a bandwidth whose rate carries the data", async () => {
    const engine = await loadEngine(engineName);
    for (const snrHz of [1e3, 1e8, 1e14]) {
      for (const c of [1e-6, 0.3, 0.999]) {
        const dataBits = (c * snrHz * 0.02) / Math.LN2;
        const w = engine.wminHz(dataBits, snrHz, 0.02);
        expect(referenceRateBps(w, snrHz)).toBeGreaterThanOrEqual((dataBits / 0.02) * (1 - 1e-12));
      }
    }
  });

  it("is Infinity where no bandwidth reaches the rate, or tau <= 0", async () => {
    const engine = await loadEngine(engineName);
    for (const snrHz of [1e3, 1e9, 1e14]) {
      // From just past c = 1 (at c = 1 itself the rounding of L/tau decides) to far beyond.
      for (const c of [1 + 1e-9, 1.000001, 2, 1e6]) {
        const tauS = 0.02;
        expect(engine.wminHz((c * snrHz * tauS) / Math.LN2, snrHz, tauS), `s=${snrHz} c=${c}`).toBe(Infinity);
      }
      expect(engine.wminHz(1e5, snrHz, 0)).toBe(Infinity);
      expect(engine.wminHz(1e5, snrHz, -0.01)).toBe(Infinity);
    }
  });

  it("decreases as tau grows", async () => {
    const engine = await loadEngine(engineName);
    for (const snrHz of [1e3, 1e7, 1e11, 1e14]) {
      const dataBits = 2e5;
      const reachableTauS = (dataBits * Math.LN2) / snrHz; // c = 1 here
      let previous = Infinity;
      for (let tauS = reachableTauS * 1.001; tauS < reachableTauS * 1e6; tauS *= 1.01) {
        const w = engine.wminHz(dataBits, snrHz, tauS);
        expect(w, `s=${snrHz} tau=${tauS}`).toBeLessThan(previous);
        previous = w;
      }
    }
  });
});
