// w^min(tau): the least bandwidth over which a user uploads L bits within tau
// seconds, i.e. the w solving  w log2(1 + s/w) = L/tau  (s = p g / N0, in Hz).
//
// With x = s/w and y = ln(1 + x) the equation becomes  c * expm1(y) = y  with
// c = (L/tau) ln2 / s, which has a positive root iff c < 1 (below the
// unlimited-band rate s/ln2). h(y) = c expm1(y) - y is convex, so Newton's
// method started right of the root converges monotonically; both
// 2(1-c)/c and 2 ln(1/c) are upper bounds of the root. Near c -> 1 the root is
// tiny and expm1(y) - y loses digits, so that difference comes from its series.

const LN2: f64 = 0.6931471805599453;

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

/** Least bandwidth (Hz) to upload dataBits within tauS at SNR-per-hertz snrHz; Infinity if no bandwidth suffices. */
export function wminHz(dataBits: f64, snrHz: f64, tauS: f64): f64 {
  if (!(tauS > 0.0)) return Infinity;
  const c = ((dataBits / tauS) * LN2) / snrHz;
  if (!(c < 1.0)) return Infinity;
  if (c <= 0.0) return 0.0;
  const oneMinusC = 1.0 - c;
  let y = Math.min((2.0 * oneMinusC) / c, -2.0 * Math.log(c));
  for (let iter = 0; iter < 200; iter++) {
    const e = Math.expm1(y);
    // h = c*expm1(y) - y = c*(expm1(y) - y) - (1 - c)*y, the second form keeps digits for small y.
    const h = c * expm1MinusIdentity(y) - oneMinusC * y;
    const slope = c * e - oneMinusC;
    if (!(slope > 0.0) || !(h > 0.0)) break;
    const step = h / slope;
    y -= step;
    if (step <= y * 1e-16) break;
  }
  return snrHz / Math.expm1(y);
}
