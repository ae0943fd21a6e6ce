/**
 * The DNNs the benchmark runs with N = 2, 5 and 8 exits, all derived from the
 * default `msdnet5-edge-like` profile so that only the number of exits changes
 * between them (same total latency, same accuracy range):
 *
 * - N = 5: msdnet5-edge-like itself.
 * - N = 2: blocks 1-2 merged into block 1 and blocks 3-5 into block 2 (the
 *   most even split of the latency, 52% / 48%). Latency points are summed
 *   pointwise (every block is measured at the same batch sizes), so a task
 *   leaving at exit 1 takes exactly what it took to exit 2 of the original,
 *   and a task leaving at exit 2 what it took to exit 5. The exits keep the
 *   accuracies of original exits 2 and 5.
 * - N = 8: the three largest blocks after the first (2, 3 and 4) are each split
 *   into two halves of equal latency (every point halved); a new exit sits
 *   between the halves, with accuracy the mean of its neighbouring exits
 *   (linear in latency, since the halves are equal). Latency to every
 *   original exit is unchanged.
 */
import { getProfile } from "../bindings/scenarios/profiles.js";
import type { Dnn, Exit, MeasuredLatency } from "../bindings/core/types.js";

export const BASE_PROFILE = "msdnet5-edge-like";
export const EXIT_COUNTS = [2, 5, 8] as const;

function points(exit: Exit): Array<[number, number]> {
  const latency = exit.latency as MeasuredLatency;
  if (!("points" in latency)) throw new Error(`${BASE_PROFILE}: expected measured latency points`);
  return latency.points;
}

/** One block running blocks `from..to` (1-based, inclusive) of the base DNN back to back. */
function mergedExit(exits: Exit[], from: number, to: number): Exit {
  const first = points(exits[from - 1]);
  const summed = first.map(([batch], i) => {
    let seconds = 0;
    for (let n = from; n <= to; n++) {
      const [b, t] = points(exits[n - 1])[i];
      if (b !== batch) throw new Error(`${BASE_PROFILE}: blocks are not measured at the same batch sizes`);
      seconds += t;
    }
    return [batch, seconds] as [number, number];
  });
  return { accuracy: exits[to - 1].accuracy, latency: { points: summed } };
}

function halfBlock(exit: Exit, accuracy: number): Exit {
  return { accuracy, latency: { points: points(exit).map(([b, t]) => [b, t / 2] as [number, number]) } };
}

/** The benchmark's DNN with `exits` exits (2, 5 or 8). */
export function benchDnn(exits: number): Dnn {
  const base = getProfile(BASE_PROFILE);
  const e = base.exits;
  if (exits === 5) return base;
  if (exits === 2) {
    return { ...base, name: `${BASE_PROFILE} merged to 2 exits`, exits: [mergedExit(e, 1, 2), mergedExit(e, 3, 5)] };
  }
  if (exits === 8) {
    const split: Exit[] = [e[0]];
    for (const n of [2, 3, 4]) {
      const previous = e[n - 2].accuracy;
      split.push(halfBlock(e[n - 1], (previous + e[n - 1].accuracy) / 2), halfBlock(e[n - 1], e[n - 1].accuracy));
    }
    split.push(e[4]);
    return { ...base, name: `${BASE_PROFILE} split to 8 exits`, exits: split };
  }
  throw new Error(`the benchmark has DNNs with ${EXIT_COUNTS.join(", ")} exits, not ${exits}`);
}
