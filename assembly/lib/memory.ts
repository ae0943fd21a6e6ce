// A bump arena over linear memory. Inputs are laid out once per problem by
// `setup`; every solve then allocates its scratch above that mark and releases
// it all at once, so repeated solves never grow memory.

let top: usize = 0;
let problemMark: usize = 0;
// Nothing was ever written at or above this address: memory there is still the
// zeros the host grew it with, so reserving it needs no clearing (clearing
// byte by byte costs a quarter of a second per 100 MB, at a million users).
let untouched: usize = 0;

/**
 * Grow memory by at least `pages`, and by at least half its size: where the
 * host cannot grow in place it copies the whole memory on every grow, so many
 * small grows (a run at a million users reserves dozens of arrays) cost
 * seconds; growing geometrically keeps the copying linear.
 */
function grow(pages: i32): void {
  const half = memory.size() >> 1;
  if (memory.grow(pages > half ? pages : half) >= 0) return;
  if (memory.grow(pages) < 0) unreachable(); // the geometric step did not fit: just what is needed
}

/**
 * Grow memory now so that `bytes` more above the current top fit: a run's
 * scratch then never grows memory inside its time limit (the first run at a
 * million users spent ~280 ms of its limit growing memory mid-phase).
 */
export function ensureFree(bytes: f64): void {
  if (top == 0) top = (__heap_base + 15) & ~15;
  const end = <f64>top + bytes;
  const pagesNeeded = <i32>Math.ceil(end / 65536.0) - memory.size();
  if (pagesNeeded > 0 && memory.grow(pagesNeeded) < 0) {
    // Not that much: the run grows as it goes, as before.
  }
}

/** Reserve `bytes` (8-byte aligned, zeroed) and grow memory if needed. */
export function reserve(bytes: i32): usize {
  if (top == 0) top = (__heap_base + 15) & ~15;
  const ptr = top;
  top += (<usize>bytes + 15) & ~15;
  const pagesNeeded = <i32>((top + 0xffff) >> 16) - memory.size();
  if (pagesNeeded > 0) grow(pagesNeeded);
  if (untouched == 0) untouched = (__heap_base + 15) & ~15;
  if (ptr < untouched) memory.fill(ptr, 0, (top < untouched ? top : untouched) - ptr);
  if (top > untouched) untouched = top;
  return ptr;
}

export function reserveF64(count: i32): usize {
  return reserve(count << 3);
}

export function reserveI32(count: i32): usize {
  return reserve(count << 2);
}

// Many arrays carved from one reservation: each reservation that grows memory
// copies all of it in the JS engine (wasm2js makes a new buffer), so a phase
// that needs a dozen arrays of K entries reserves them at once.
let carveAt: usize = 0;

/** Reserve `bytes` (zeroed) to be handed out by `carve`. */
export function reserveBlock(bytes: i32): void {
  carveAt = reserve(bytes);
}

/** The next `bytes` of the block from reserveBlock, 16-byte aligned (the block must allow for the rounding). */
export function carve(bytes: i32): usize {
  const at = carveAt;
  carveAt += (<usize>bytes + 15) & ~15;
  return at;
}

/** A fresh f64[capacity] holding the first `used` entries of `old` (a growing array). */
export function grownF64(old: usize, used: i32, capacity: i32): usize {
  const fresh = reserveF64(capacity);
  memory.copy(fresh, old, <usize>used << 3);
  return fresh;
}

/** A fresh i32[capacity] holding the first `used` entries of `old` (a growing array). */
export function grownI32(old: usize, used: i32, capacity: i32): usize {
  const fresh = reserveI32(capacity);
  memory.copy(fresh, old, <usize>used << 2);
  return fresh;
}

/** Forget everything, including the problem (a new problem is being set up). */
export function resetAll(): void {
  top = 0;
  problemMark = 0;
}

/** Remember the end of the problem's arrays: scratch lives above this. */
export function markProblemEnd(): void {
  if (top == 0) top = (__heap_base + 15) & ~15;
  problemMark = top;
}

/** Free all scratch of the previous solve. */
export function releaseScratch(): void {
  top = problemMark;
}

// Typed accessors: index into an array that starts at `base`.
// @ts-ignore: decorator
@inline export function getF(base: usize, i: i32): f64 {
  return load<f64>(base + (<usize>i << 3));
}
// @ts-ignore: decorator
@inline export function setF(base: usize, i: i32, v: f64): void {
  store<f64>(base + (<usize>i << 3), v);
}
// @ts-ignore: decorator
@inline export function getI(base: usize, i: i32): i32 {
  return load<i32>(base + (<usize>i << 2));
}
// @ts-ignore: decorator
@inline export function setI(base: usize, i: i32, v: i32): void {
  store<i32>(base + (<usize>i << 2), v);
}
