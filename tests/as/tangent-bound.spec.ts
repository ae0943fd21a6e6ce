// The tangent bound on w^min (assembly/greedy/tangent-bound.ts): never above
// w^min at the start asked, in either direction from the known start, at least
// the chord bound below it, and tight near it.
import { wminHz } from "../../assembly/model/bandwidth";
import { tangentWminBound } from "../../assembly/greedy/tangent-bound";

// [dataBits, snrHz, knownTau]: c from 1e-9 to 0.9 at the known start.
const USERS: StaticArray<f64> = [
  2e5, 1.4e9, 0.05,
  1e5, 1e11, 0.009,
  3e5, 1e6, 0.5,
  1e5, 1e13, 0.001,
  2.4e5, 1.5589e9, 0.061,
  2.6e6, 1e8, 0.02,
  1e3, 1e15, 0.1,
];

describe("tangentWminBound", () => {
  it("is a lower bound on w^min, later and earlier starts alike", () => {
    let used = 0;
    for (let u = 0; u < USERS.length; u += 3) {
      const bits = USERS[u];
      const snr = USERS[u + 1];
      const known = USERS[u + 2];
      const w = wminHz(bits, snr, known);
      for (let f: f64 = 0.3; f < 4.0; f *= 1.07) {
        const tau = known * f;
        const exact = wminHz(bits, snr, tau);
        const bound = tangentWminBound(bits, snr, known, w, tau);
        if (bound > 0.0) used++;
        expect<bool>(bound <= exact).toBe(true);
      }
    }
    expect<i32>(used).toBeGreaterThan(100);
  });

  it("is at least the chord bound below the known start, and within 0.1% 5% away", () => {
    const bits: f64 = 2.4e5;
    const snr: f64 = 1.5589e9;
    const known: f64 = 0.061;
    const w = wminHz(bits, snr, known);
    for (let f: f64 = 0.5; f < 1.0; f += 0.05) {
      const bound = tangentWminBound(bits, snr, known, w, known * f);
      expect<bool>(bound >= w * (1.0 / f) * (1.0 - 1e-9)).toBe(true);
    }
    for (let f: f64 = 0.95; f <= 1.051; f += 0.1) {
      const tau = known * f;
      expect<f64>(tangentWminBound(bits, snr, known, w, tau) / wminHz(bits, snr, tau)).toBeGreaterThan(0.999);
    }
  });

  it("gives no bound without a price", () => {
    expect<f64>(tangentWminBound(2e5, 1.4e9, NaN, NaN, 0.05)).toBe(0.0);
    expect<f64>(tangentWminBound(2e5, 1.4e9, 0.05, Infinity, 0.05)).toBe(0.0);
    expect<f64>(tangentWminBound(2e5, 1.4e9, 0.0, 1e5, 0.05)).toBe(0.0);
  });
});
