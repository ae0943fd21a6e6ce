/** The `workers` option of the solver pools and the server: 1 to 64 threads, or the caller's default. */
import { describe, expect, it } from "vitest";
import { InputError } from "../bindings/core/errors.js";
import { checkWorkers } from "../bindings/pool/check-workers.js";

describe("checkWorkers", () => {
  it("takes a whole number from 1 to 64", () => {
    for (const workers of [1, 2, 63, 64]) expect(checkWorkers(workers, 4)).toBe(workers);
  });

  it("uses the default when none is given, and at least one worker", () => {
    expect(checkWorkers(undefined, 4)).toBe(4);
    expect(checkWorkers(undefined, 1)).toBe(1);
    expect(checkWorkers(undefined, 0)).toBe(1);
  });

  it.each([0, 65, 1.5, -1, Number.NaN, "2", null])("refuses %s, naming the option", (workers) => {
    let error: unknown;
    try {
      checkWorkers(workers, 4);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).issues).toEqual([{ path: "workers", message: `must be an integer from 1 to 64, got ${String(workers)}` }]);
  });
});
