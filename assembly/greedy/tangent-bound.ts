// A lower bound on w^min(tau) from one price known at another start, in
// either direction: the exchange (exchange.ts, cheapest-at.ts) heaps users by
// such bounds and prices only those that reach the top, and passes over a
// start whose bounds alone already exceed what it may spend.
//
// w^min is the inverse of the concave rate r(w) = w log2(1 + s/w), so it is
// convex in the rate R = L/tau and lies above its tangent at any known point:
// w^min(tau) >= w + (L/tau - L/knownTau) / r'(w), w = w^min(knownTau). At that
// root ln(1 + s/w) = y = (L/knownTau) ln2 / w, so r'(w) ln2 = y - x/(1 + x)
// with x = s/w: no logarithm is needed. Below knownTau this is at least the
// chord bound w knownTau/tau (the chord of a convex function through 0 lies
// below its tangent there); above knownTau, where the chord gives nothing, it
// is still close: on the default scenario, within 0.04% (median) for a start
// up to 20% away.

const LN2: f64 = 0.6931471805599453;
// Below this w^min the bound is not trusted (subnormal rounding).
const BOUND_FROM: f64 = 1e-290;
// Below this y, y - x/(1 + x) loses its digits (both terms tend to x).
const Y_FROM: f64 = 1.0;
// The bound is shrunk by this much for w^min's own rounding.
const SHRINK: f64 = 1e-9;

/**
 * The tangent's slope dw/dR at a known price w = w^min(knownTau) of a user
 * with dataBits and snrHz (R = dataBits/tau); 0 where none is trusted (no
 * price, or outside the range where the formula keeps its digits).
 */
export function tangentSlope(dataBits: f64, snrHz: f64, knownTau: f64, w: f64): f64 {
  if (!(knownTau > 0.0) || !(w >= BOUND_FROM) || !(w < Infinity)) return 0.0;
  const known = dataBits / knownTau;
  const y = (known * LN2) / w;
  const x = snrHz / w;
  if (!(y >= Y_FROM) || !(x < Infinity) || !(known < Infinity)) return 0.0;
  return LN2 / (y - x / (1.0 + x));
}

/**
 * The bound at rate R = dataBits/tau from a price w known at rate knownRate
 * with tangentSlope `slope`; 0 where none is known. The rates may be formed
 * as dataBits * (1/tau): a few units of rounding are far inside the shrink.
 */
// @ts-ignore: decorator
@inline export function tangentBoundAt(w: f64, slope: f64, knownRate: f64, rate: f64): f64 {
  const bound = w + (rate - knownRate) * slope;
  return slope > 0.0 && bound > 0.0 && bound < Infinity ? bound * (1.0 - SHRINK) : 0.0;
}

/**
 * A lower bound on w^min(tauS) of a user with dataBits and snrHz, from
 * w = w^min(knownTau); 0 where none is known.
 */
export function tangentWminBound(dataBits: f64, snrHz: f64, knownTau: f64, w: f64, tauS: f64): f64 {
  if (!(tauS > 0.0)) return 0.0;
  return tangentBoundAt(w, tangentSlope(dataBits, snrHz, knownTau, w), dataBits / knownTau, dataBits / tauS);
}
