// countLeastWithin against the plain way: sort everything, then add the keys
// in order while they fit. Same counts for many sizes, budgets, caps, ties
// and both comparisons (the bounds of assembly/model/bounds.ts rely on it).
// The radix sort for positive keys against the quicksort: the same order.
import { getF, getI, setF, setI } from "../../assembly/lib/memory";
import { RADIX_BUCKETS, countLeastWithin, sortIndicesByKey, sortIndicesByPositiveKeyOrStop } from "../../assembly/lib/sort";
import { startClock } from "../../assembly/lib/clock";

let seed: u32 = 12345;
function random(): f64 {
  seed = seed * 1664525 + 1013904223;
  return <f64>(seed >>> 8) / 16777216.0;
}

function plainCount(idx: usize, count: i32, key: usize, budget: f64, strict: bool, cap: i32): i32 {
  sortIndicesByKey(idx, count, key);
  let total = 0.0;
  let c = 0;
  while (c < count) {
    total += getF(key, getI(idx, c));
    if (strict ? !(total < budget) : total > budget) break;
    c++;
  }
  return c < cap ? c : cap;
}

describe("countLeastWithin", () => {
  it("counts as a full sort does", () => {
    startClock(Infinity); // no stop time: the sorts never stop early
    const sizes: StaticArray<i32> = [0, 1, 2, 17, 1000, 1025, 5000, 30000];
    for (let s = 0; s < sizes.length; s++) {
      const n = sizes[s];
      for (let trial = 0; trial < 12; trial++) {
        // The runtime's heap, not the kernels' arena (as-pect's own objects live above __heap_base).
        const key = heap.alloc(<usize>(n + 1) << 3);
        const a = heap.alloc(<usize>(n + 1) << 2);
        const b = heap.alloc(<usize>(n + 1) << 2);
        // Some trials draw from few values, so ties decide.
        const levels = trial % 3 == 0 ? 5.0 : 0.0;
        for (let k = 0; k < n; k++) setF(key, k, levels > 0.0 ? Math.floor(random() * levels) + 1.0 : random());
        for (let k = 0; k < n; k++) {
          setI(a, k, n - 1 - k);
          setI(b, k, n - 1 - k);
        }
        // Budgets from nothing to everything; caps from 0 to all.
        const budget = <f64>n * 0.5 * Math.pow(random(), 3.0) * (trial == 11 ? 4.0 : 1.0);
        const cap = trial % 4 == 1 ? <i32>(random() * <f64>n) : n;
        const strict = trial % 2 == 0;
        expect<i32>(countLeastWithin(a, n, key, budget, strict, cap)).toBe(plainCount(b, n, key, budget, strict, cap));
        heap.free(key);
        heap.free(a);
        heap.free(b);
      }
    }
  });
});

describe("sortIndicesByPositiveKeyOrStop", () => {
  it("orders as the quicksort does, ties by index, below and above the radix threshold", () => {
    startClock(Infinity);
    const sizes: StaticArray<i32> = [0, 1, 100, 4095, 4096, 5000, 30000];
    for (let s = 0; s < sizes.length; s++) {
      const n = sizes[s];
      for (let trial = 0; trial < 3; trial++) {
        const key = heap.alloc(<usize>(n + 1) << 3);
        const a = heap.alloc(<usize>(n + 1) << 2);
        const b = heap.alloc(<usize>(n + 1) << 2);
        const scratch = heap.alloc(<usize>(n + 1) << 2);
        const counts = heap.alloc(<usize>(RADIX_BUCKETS + 1) << 2);
        // Deadline-like keys; few distinct values (ties), or one value for all (every pass skipped).
        for (let k = 0; k < n; k++) {
          const x = random();
          setF(key, k, trial == 0 ? 0.05 + 0.25 * x : trial == 1 ? 0.1 * (Math.floor(x * 7.0) + 1.0) : 0.2);
          setI(a, k, k);
          setI(b, k, k);
        }
        expect<bool>(sortIndicesByPositiveKeyOrStop(a, n, key, scratch, counts)).toBe(true);
        sortIndicesByKey(b, n, key);
        let same = 0;
        for (let k = 0; k < n; k++) if (getI(a, k) == getI(b, k)) same++;
        expect<i32>(same).toBe(n);
        heap.free(key);
        heap.free(a);
        heap.free(b);
        heap.free(scratch);
        heap.free(counts);
      }
    }
  });
});
