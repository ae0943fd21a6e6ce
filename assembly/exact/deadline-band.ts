// The band bound of the two phases that charges the deadlines for the batch
// sizes a set takes. The joint relaxation (relax.ts) judges every user's
// eligibility under the box's smallest batches; a set that sends v tasks
// through block n makes every block j <= n at least max(lo_j, v) full, so its
// users exiting at n need T_k - lo > sum_{j <= n} t_j(max(lo_j, v)). With
// P_n = v fixed, class n's cheapest c tasks come from the users meeting that:
// g_n(v) = min over c of f_n(c; v) + g_{n+1}(v - c), a dynamic programme over
// the tasks through each block, no longer convex in v, so O(target^2) a block.
import { getF, getI, reserveF64, reserveI32, setF, setI } from "../lib/memory";
import { N, blockTime, deadlineS } from "../model/problem";
import { consistent, highOf, lowOf, setHigh, setLow } from "./box";
import { classOffset, classPrices, classUsers } from "./state";

// Float slack on deadlines against summed block times (as capByDeadlines): only ever loosens.
const CHAIN_SLACK_S: f64 = 1e-9;

let rowLength: i32 = 0;
let gRows: usize = 0; // f64[(N + 2) rowLength]: g_n(v), by v, per block
let hA: usize = 0; // f64[rowLength]: h_n(v), by v
let hB: usize = 0;
let prefix: usize = 0; // f64[rowLength]: f_n(c; v), by c
let earliest: usize = 0; // f64[rowLength]: the earliest deadline among the first c taken
let takenAt: usize = 0; // i32[rowLength]: where the c-th taken user is in classUsers
let cutRows: usize = 0; // f64[(N + 1) rowLength]: the deadline cut per block and P_n
let sumRows: usize = 0; // f64[(N + 1) rowLength]: the same less lo

export let deadlineBandBound: f64 = 0; // g_1(target) of the last deadlineTighten

/** Forget the rows of an earlier run (the arena is released between runs). */
export function initDeadlineBand(): void {
  rowLength = 0;
}

function reserveRows(target: i32): void {
  if (target + 1 <= rowLength) return;
  rowLength = target + 1;
  gRows = reserveF64((N + 2) * rowLength);
  hA = reserveF64(rowLength);
  hB = reserveF64(rowLength);
  prefix = reserveF64(rowLength);
  earliest = reserveF64(rowLength);
  takenAt = reserveI32(rowLength);
  cutRows = reserveF64((N + 1) * rowLength);
  sumRows = reserveF64((N + 1) * rowLength);
}

// Class n's prefix costs, extended as the passes ask for more: the users
// scanned so far (in price order), how many were taken, where, and the
// earliest deadline among the first c taken. Within a pass v only grows, so
// the deadline cut only rises: users skipped stay out, and the prefix stays
// valid up to the first taken user the cut passes.
let scanClass: i32 = 0;
let scanAt: i32 = 0;
let scanTaken: i32 = 0;
let scanSum: f64 = 0;

function startScan(n: i32): void {
  scanClass = n;
  scanAt = getI(classOffset, n);
  scanTaken = 0;
  scanSum = 0.0;
  setF(prefix, 0, 0.0);
  setF(earliest, 0, Infinity);
}

/**
 * f_n(c; v) in prefix[0..c] for c up to cMax: class n's c cheapest users
 * whose deadlines allow P_n = v. Returns how many (at most cMax). Calls for
 * one class must come with v non-decreasing, after startScan(n).
 */
function classCosts(v: i32, cMax: i32): i32 {
  const n = scanClass;
  const cut = getF(cutRows, n * rowLength + v) - CHAIN_SLACK_S; // eligible: T_k > cut
  if (getF(earliest, scanTaken) <= cut) {
    // Back to the first taken user the cut now passes; the scan resumes after it.
    let c = 1;
    while (getF(earliest, c) > cut) c++;
    scanAt = getI(takenAt, c) + 1;
    scanTaken = c - 1;
    scanSum = getF(prefix, scanTaken);
  }
  const end = getI(classOffset, n + 1);
  while (scanTaken < cMax && scanAt < end) {
    const at = scanAt++;
    const d = getF(deadlineS, getI(classUsers, at));
    if (d <= cut) continue; // out for every later v of this pass too
    scanSum += getF(classPrices, at);
    scanTaken++;
    setF(prefix, scanTaken, scanSum);
    setI(takenAt, scanTaken, at);
    const before = getF(earliest, scanTaken - 1);
    setF(earliest, scanTaken, d < before ? d : before);
  }
  return scanTaken < cMax ? scanTaken : cMax;
}

/**
 * cutRows[n][v] = lo + sum_{j <= n} t_j(max(lo_j, v)): class n's deadlines must
 * pass it when P_n = v, for blocks `from`..N and v below `vEnd` (the sums
 * without lo kept in sumRows). A floor raised at block n to l changes only
 * blocks n..N and only v < l, so the forward pass refills just those.
 */
function fillCuts(box: usize, lo: f64, from: i32, vEnd: i32): void {
  if (from == 1) for (let v = 0; v < vEnd; v++) setF(sumRows, v, 0.0);
  for (let n = from; n <= N; n++) {
    const l = lowOf(box, n);
    const row = n * rowLength;
    const prev = (n - 1) * rowLength;
    for (let v = 0; v < vEnd; v++) {
      const sum = getF(sumRows, prev + v) + blockTime(n, l > v ? l : v);
      setF(sumRows, row + v, sum);
      setF(cutRows, row + v, lo + sum);
    }
  }
}

@inline function gRow(n: i32): usize {
  return gRows + (<usize>(n * rowLength) << 3);
}

/**
 * Tighten the box of a node whose sets all hold exactly `target` tasks to the
 * batch sizes at which some set can stay within `budget`, with every class's
 * users cut by the deadlines its batch sizes allow, at the prices relax set
 * (classPrices, classUsers). g_n(v) + h_n(v) is the least band with P_n = v:
 * g over classes n..N, h over classes before n. Sets deadlineBandBound to
 * g_1(target). Returns -1 if no set fits, 1 if the box changed, 0 if not.
 */
export function deadlineTighten(box: usize, lo: f64, target: i32, budget: f64): i32 {
  reserveRows(target);
  fillCuts(box, lo, 1, target + 1);
  // Backward: g_{N+1}(0) = 0, then g_n from g_{n+1}.
  let from = gRow(N + 1);
  for (let v = 0; v <= target; v++) setF(from, v, Infinity);
  setF(from, 0, 0.0);
  let prevLo = 0;
  let prevHi = 0;
  for (let n = N; n >= 1; n--) {
    let vLo = lowOf(box, n);
    let vHi = highOf(box, n) < target ? highOf(box, n) : target;
    if (n == 1) {
      if (target < vLo || target > vHi) return -1;
      vLo = target;
      vHi = target;
    }
    if (vLo < prevLo) vLo = prevLo; // P_n >= P_{n+1}
    if (vLo > vHi) return -1;
    const to = gRow(n);
    for (let v = 0; v <= target; v++) setF(to, v, Infinity);
    startScan(n);
    for (let v = vLo; v <= vHi; v++) {
      const cMin = v - prevHi > 0 ? v - prevHi : 0;
      const c = classCosts(v, v - prevLo);
      let best = Infinity;
      for (let q = cMin; q <= c; q++) {
        const total = getF(prefix, q) + getF(from, v - q);
        if (total < best) best = total;
      }
      setF(to, v, best);
    }
    from = to;
    prevLo = vLo;
    prevHi = vHi;
  }
  deadlineBandBound = getF(from, target);
  if (!(deadlineBandBound <= budget)) return -1;
  // Forward: h_1(target) = 0; h_{n+1}(v - c) = min h_n(v) + f_n(c; v). Tighten block n from g_n + h_n.
  let h = hA;
  let next = hB;
  for (let v = 0; v <= target; v++) setF(h, v, Infinity);
  setF(h, target, 0.0);
  let changed = 0;
  for (let n = 1; n <= N; n++) {
    const g = gRow(n);
    const vLo = lowOf(box, n);
    const vHi = highOf(box, n) < target ? highOf(box, n) : target;
    let first = -1;
    let last = -1;
    for (let v = vLo; v <= vHi; v++) {
      if (getF(g, v) + getF(h, v) <= budget) {
        if (first < 0) first = v;
        last = v;
      }
    }
    if (first < 0) return -1;
    if (first > lowOf(box, n)) {
      setLow(box, n, first);
      changed = 1;
      fillCuts(box, lo, n, first < target + 1 ? first : target + 1); // longer compute times, from block n on
    }
    if (last < highOf(box, n)) {
      setHigh(box, n, last);
      changed = 1;
    }
    if (n == N) break;
    for (let u = 0; u <= target; u++) setF(next, u, Infinity);
    const uLo = lowOf(box, n + 1);
    const uHi = highOf(box, n + 1) < target ? highOf(box, n + 1) : target;
    startScan(n);
    for (let v = first; v <= last; v++) {
      const hv = getF(h, v);
      if (hv == Infinity) continue;
      const cMin = v - uHi > 0 ? v - uHi : 0;
      const c = classCosts(v, v - uLo);
      for (let q = cMin; q <= c; q++) {
        const total = hv + getF(prefix, q);
        if (total < getF(next, v - q)) setF(next, v - q, total);
      }
    }
    const t = h;
    h = next;
    next = t;
  }
  if (changed == 0) return 0;
  for (let n = N - 1; n >= 1; n--) if (lowOf(box, n + 1) > lowOf(box, n)) setLow(box, n, lowOf(box, n + 1));
  for (let n = 2; n <= N; n++) if (highOf(box, n - 1) < highOf(box, n)) setHigh(box, n, highOf(box, n - 1));
  return consistent(box) ? 1 : -1;
}
