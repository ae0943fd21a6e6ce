// A binary min-heap of user indices keyed by an f64 array (ties by index, as
// in sort.ts), for rankings consumed lazily: heapify is O(n), and a greedy
// that stops after m users pays O(m log n) instead of a full sort.
import { getF, getI, setI } from "./memory";

// @ts-ignore: decorator
@inline function before(key: usize, a: i32, b: i32): bool {
  const ka = getF(key, a);
  const kb = getF(key, b);
  return ka < kb || (ka == kb && a < b);
}

function siftDown(heap: usize, size: i32, at: i32, key: usize): void {
  const v = getI(heap, at);
  let i = at;
  while (true) {
    let child = 2 * i + 1;
    if (child >= size) break;
    if (child + 1 < size && before(key, getI(heap, child + 1), getI(heap, child))) child++;
    if (!before(key, getI(heap, child), v)) break;
    setI(heap, i, getI(heap, child));
    i = child;
  }
  setI(heap, i, v);
}

export function heapify(heap: usize, size: i32, key: usize): void {
  for (let i = (size >> 1) - 1; i >= 0; i--) siftDown(heap, size, i, key);
}

/** Remove and return the least element; the heap then holds size - 1 elements. */
export function heapPop(heap: usize, size: i32, key: usize): i32 {
  const top = getI(heap, 0);
  const last = getI(heap, size - 1);
  if (size > 1) {
    setI(heap, 0, last);
    siftDown(heap, size - 1, 0, key);
  }
  return top;
}

/** Restore the heap after the least element's key grew (a lower bound replaced by the value itself). */
export function heapFixTop(heap: usize, size: i32, key: usize): void {
  siftDown(heap, size, 0, key);
}

/** Add `v` to a heap of `size` elements (it then holds size + 1). */
export function heapPush(heap: usize, size: i32, v: i32, key: usize): void {
  let i = size;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    const p = getI(heap, parent);
    if (!before(key, v, p)) break;
    setI(heap, i, p);
    i = parent;
  }
  setI(heap, i, v);
}
