// w^min(tau): the least bandwidth over which a user uploads L bits within tau
// seconds, i.e. the w solving  w log2(1 + s/w) = L/tau  (s = p g / N0, in Hz).
//
// With x = s/w and y = ln(1 + x) the equation becomes  c * expm1(y) = y  with
// c = (L/tau) ln2 / s, which has a positive root iff c < 1 (below the
// unlimited-band rate s/ln2). h(y) = c expm1(y) - y is convex, so Newton's
// method started right of the root converges monotonically; both
// 2(1-c)/c and 2 ln(1/c) are upper bounds of the root. Near c -> 1 the root is
// tiny and expm1(y) - y loses digits, so that difference comes from its series.
//
// The root is a Lambert-W value: u = y + c solves u - ln u = A with
// A = c - ln c, so u = -W_{-1}(-c e^{-c}). For the c that pricing meets
// (2e-32 < c < 0.75) a rational fit of u in p = sqrt(2(A - 1)) (the variable
// of W's branch-point series) starts Newton 2.5e-10 right of the root, and one
// step lands on it: two logarithms a price instead of a Newton loop's five.
//
// The validator accepts any positive finite L, tau and a normal s, so L/tau and
// c can leave the range of doubles (L = 5e-324, or s = 1e300 with a modest
// rate) while w itself is an ordinary number. Then c and w come from
// logarithms, which never overflow, instead of from the quotients.

const LN2: f64 = 0.6931471805599453;
/** ln(ln 2) */
const LOG_LN2: f64 = -0.36651292058166435;
/** The smallest normal double: below it a double keeps fewer digits. */
const MIN_NORMAL: f64 = 2.2250738585072014e-308;
/** The smallest positive (subnormal) double. */
const SMALLEST_DOUBLE: f64 = 4.9406564584124654e-324;
/** Below this c, Newton runs on the logarithmic form with ln c given (y/c would overflow). */
const LOG_C_BELOW: f64 = 1e-300;

/** expm1(y) - y, accurate also for small y. */
function expm1MinusIdentity(y: f64): f64 {
  if (y > 0.05) return Math.expm1(y) - y;
  // y^2/2! + y^3/3! + ... + y^10/10!, Horner form; the tail is below 1e-17 relative.
  let s = 1.0 / 3628800.0;
  s = s * y + 1.0 / 362880.0;
  s = s * y + 1.0 / 40320.0;
  s = s * y + 1.0 / 5040.0;
  s = s * y + 1.0 / 720.0;
  s = s * y + 1.0 / 120.0;
  s = s * y + 1.0 / 24.0;
  s = s * y + 1.0 / 6.0;
  s = s * y + 0.5;
  return s * y * y;
}

// Below this c, Newton runs on F(y) = y - log1p(y/c) (nearly linear for large y,
// a handful of steps; one from the fit's start); above it, on h(y), whose small
// root needs the series.
const LOG_FORM_BELOW: f64 = 0.75;

// The fit's range: p = sqrt(2(A - 1)) from 0.25 (c = 0.75 gives 0.27) to 12 (c = 2e-32).
const FIT_P_UP_TO: f64 = 12.0;
/** The fit's largest relative error is 4.04e-11 (checked on 20000 c against 40-digit W); the start is raised by more. */
const FIT_RAISE: f64 = 1.0 + 2e-10;

/**
 * A point within 2.5e-10 (relative) right of the root u of u - ln u = A, from
 * p = sqrt(2(A - 1)) in [0.25, 12]: a (6, 4) rational least-relative-error
 * fit of -W_{-1}(-e^{-A}), raised by FIT_RAISE.
 */
// @ts-ignore: decorator
@inline function lambertStartU(p: f64): f64 {
  let num = 0.0002299170313799781;
  num = num * p + 0.008155722861289183;
  num = num * p + 0.08217252309487715;
  num = num * p + 0.4062498801297759;
  num = num * p + 1.1083040635495824;
  num = num * p + 1.6191789785387976;
  num = num * p + 1.0000000008904495;
  let den = 0.0004599513786323062;
  den = den * p + 0.016286979262624318;
  den = den * p + 0.15579181692113495;
  den = den * p + 0.6191789773077254;
  den = den * p + 1.0;
  return (num / den) * FIT_RAISE;
}

/** Least bandwidth (Hz) to upload dataBits within tauS at SNR-per-hertz snrHz; Infinity if no bandwidth suffices. */
export function wminHz(dataBits: f64, snrHz: f64, tauS: f64): f64 {
  if (!(tauS > 0.0)) return Infinity;
  if (!(dataBits > 0.0)) return 0.0;
  const rate = dataBits / tauS;
  let c = (rate * LN2) / snrHz;
  // The quotients are exact enough only while they stay normal doubles.
  const direct = rate >= MIN_NORMAL && rate < Infinity && c >= MIN_NORMAL;
  const logC = direct ? Math.log(c) : Math.log(dataBits) - Math.log(tauS) + LOG_LN2 - Math.log(snrHz);
  if (!direct) c = Math.exp(logC);
  if (!(c < 1.0) || !(logC < 0.0)) return Infinity;
  // s = Infinity (never from validated input): any positive band carries the data.
  if (logC == -Infinity) return SMALLEST_DOUBLE;
  const oneMinusC = 1.0 - c;
  const p = c < LOG_FORM_BELOW ? Math.sqrt(2.0 * (c - logC - 1.0)) : Infinity;
  let y: f64;
  if (p <= FIT_P_UP_TO) {
    // One Newton step on F(y) = y - ln(u / c) (u = c + y) from the fit's start, 2.5e-10
    // right of the root, leaves an error of 3e-20 u/(u - 1) (step^2 F''/2F'): below a double's.
    const u = lambertStartU(p);
    y = u - c;
    y -= ((y - Math.log(u) + logC) * u) / (u - 1.0);
    return wFromRoot(y, direct, rate, dataBits, tauS);
  }
  // Start right of the root: Newton on a convex function then descends monotonically.
  y = Math.min((2.0 * oneMinusC) / c, -2.0 * logC);
  for (let iter = 0; iter < 100; iter++) {
    let step: f64;
    if (c < LOG_C_BELOW) {
      // G(y) = y - ln(c + y) + ln c, the same F with log1p(y/c) split so that y/c is never formed.
      const g = y - Math.log(c + y) + logC;
      const slope = 1.0 - 1.0 / (c + y);
      if (!(g > 0.0) || !(slope > 0.0)) break;
      step = g / slope;
    } else if (c < LOG_FORM_BELOW) {
      // F(y) = y - log1p(y/c), F'(y) = 1 - 1/(c + y).
      const f = y - Math.log1p(y / c);
      const slope = 1.0 - 1.0 / (c + y);
      if (!(f > 0.0) || !(slope > 0.0)) break;
      step = f / slope;
    } else {
      // h(y) = c*expm1(y) - y = c*(expm1(y) - y) - (1 - c)*y; the second form keeps digits for small y.
      const h = c * expm1MinusIdentity(y) - oneMinusC * y;
      const slope = c * Math.expm1(y) - oneMinusC;
      if (!(h > 0.0) || !(slope > 0.0)) break;
      step = h / slope;
    }
    y -= step;
    // Newton's error after a step is of the order of the step squared.
    if (step <= y * 1e-9) break;
  }
  return wFromRoot(y, direct, rate, dataBits, tauS);
}

/** w from the root y: at the root expm1(y) = y/c, so w = s/expm1(y) = rate * ln2 / y. */
// @ts-ignore: decorator
@inline function wFromRoot(y: f64, direct: bool, rate: f64, dataBits: f64, tauS: f64): f64 {
  const w = direct ? (rate * LN2) / y : Math.exp(Math.log(dataBits) - Math.log(tauS) + LOG_LN2 - Math.log(y));
  // Below the normal range a double is spaced 5e-324 apart and the quotient may have
  // rounded down (to 0, even): two steps up is more band than needed (the rate grows with
  // w), so the data still arrives by tau, and it stays within a band as narrow as 1e-310 Hz.
  return w >= MIN_NORMAL ? w : w + 2.0 * SMALLEST_DOUBLE;
}
