// The AssemblyScript w^min kernel on values computed by the bisection reference
// (tests/helpers/reference-model.ts, bisection to adjacent doubles), at 1e-12 relative.
import { wminHz } from "../../assembly/model/bandwidth";

/** |got - expected| / expected */
function relativeError(got: f64, expected: f64): f64 {
  return Math.abs(got - expected) / expected;
}

describe("wminHz", () => {
  it("matches bisection reference values", () => {
    // [dataBits, snrHz, tauS, w^min]; c = (L/tau) ln2 / s in the trailing comment.
    const cases: StaticArray<f64> = [
      200000.0, 1400000000.0, 0.05, 332184.63507174473, // c = 0.00198
      100000.0, 100000000000.0, 0.009, 644357.05957276793, // c = 7.7e-5
      300000.0, 1000000.0, 0.5, 267165.40711574297, // c = 0.416
      100000.0, 10000000000000.0, 0.001, 4761427.9261231739, // c = 6.9e-6
      240000.0, 1558900000.0, 0.061, 321321.3618525007, // c = 0.00175
      2856536.1809601476, 100000000.0, 0.02, 4933444741.7330303, // c = 0.99
      288539.00817779271, 1000000000000.0, 0.02, 706035.11025837343, // c = 1e-5
    ];
    for (let i = 0; i < cases.length; i += 4) {
      const got = wminHz(cases[i], cases[i + 1], cases[i + 2]);
      expect<f64>(relativeError(got, cases[i + 3])).toBeLessThanOrEqual(1e-12);
    }
  });

  it("is Infinity when no bandwidth reaches the rate", () => {
    // Just past the unlimited-band rate s / ln2 (c = 1 + 1e-9; at c = 1 itself rounding decides), and far beyond it.
    const snrHz: f64 = 1e8;
    const tauS: f64 = 0.02;
    const atLimitBits = (snrHz * tauS) / Math.LN2;
    expect<f64>(wminHz(atLimitBits * (1.0 + 1e-9), snrHz, tauS)).toBe(Infinity);
    expect<f64>(wminHz(atLimitBits * 2.0, snrHz, tauS)).toBe(Infinity);
    expect<f64>(wminHz(1e5, snrHz, 0.0)).toBe(Infinity);
    expect<f64>(wminHz(1e5, snrHz, -0.01)).toBe(Infinity);
  });

  it("is finite just below the limit", () => {
    const snrHz: f64 = 1e8;
    const tauS: f64 = 0.02;
    const w = wminHz(((0.999 * snrHz) * tauS) / Math.LN2, snrHz, tauS);
    expect<bool>(isFinite(w) && w > 0.0).toBe(true);
  });

  it("decreases as tau grows", () => {
    const dataBits: f64 = 2e5;
    const snrHz: f64 = 1e9;
    let previous: f64 = Infinity;
    for (let tauS: f64 = 2e-4; tauS < 10.0; tauS *= 1.05) {
      const w = wminHz(dataBits, snrHz, tauS);
      expect<f64>(w).toBeLessThan(previous);
      previous = w;
    }
  });
});
