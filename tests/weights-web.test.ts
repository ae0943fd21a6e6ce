/**
 * The planner page's priority users (web/scenario-form.ts). Its own file: the
 * page's module points the library at the page's kernels.wasm, which would
 * break the solves of any other test in the same file.
 */
import { describe, expect, it } from "vitest";
import { randomInstance } from "./random-instances.js";

describe("the planner page's priority users", () => {
  it("gives round(share x users) users, the same for a seed, the weight; a share of 0 changes nothing", async () => {
    const { withPriorityUsers } = await import("../web/scenario-form.js");
    const instance = randomInstance(9, { users: 20 });
    const a = withPriorityUsers(instance, 0.25, 5, 3);
    expect(a.users.filter((u) => u.weight === 5)).toHaveLength(5);
    expect(a.users.filter((u) => u.weight === undefined)).toHaveLength(15);
    expect(withPriorityUsers(instance, 0.25, 5, 3)).toEqual(a);
    expect(withPriorityUsers(instance, 0.25, 5, 4)).not.toEqual(a);
    expect(withPriorityUsers(instance, 0, 5, 3)).toBe(instance);
  });
});
