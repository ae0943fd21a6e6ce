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

// Below this c, Newton runs on F(y) = y - log1p(y/c) (nearly linear for large y,
// a handful of steps); above it, on h(y), whose small root needs the series.
const LOG_FORM_BELOW: f64 = 0.75;

/** Least bandwidth (Hz) to upload dataBits within tauS at SNR-per-hertz snrHz; Infinity if no bandwidth suffices. */
export function wminHz(dataBits: f64, snrHz: f64, tauS: f64): f64 {
  if (!(tauS > 0.0)) return Infinity;
  const rate = dataBits / tauS;
  const c = (rate * LN2) / snrHz;
  if (!(c < 1.0)) return Infinity;
  if (c <= 0.0) return 0.0;
  const oneMinusC = 1.0 - c;
  // Start right of the root: Newton on a convex function then descends monotonically.
  let y = Math.min((2.0 * oneMinusC) / c, -2.0 * Math.log(c));
  for (let iter = 0; iter < 100; iter++) {
    let step: f64;
    if (c < LOG_FORM_BELOW) {
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
  // At the root expm1(y) = y/c, so w = s/expm1(y) = rate * ln2 / y.
  return (rate * LN2) / y;
}
