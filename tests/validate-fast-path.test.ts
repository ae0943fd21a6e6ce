/**
 * validateInstance checks users without zod when it can (checkedUser), for
 * speed at a million users; zod names the problems. The two must agree on
 * every value: checkedUser accepts exactly what the user schema accepts, and
 * returns the same copy (same fields, same order, unknown keys dropped).
 */
import fc from "fast-check";
import * as z from "zod/mini";
import { describe, expect, it } from "vitest";
import { checkedUser, userSchema, validateInstance } from "../bindings/core/validate.js";
import { InstanceError } from "../bindings/core/errors.js";
import { validInstance } from "./property/instances.js";
import { applyMutation, mutation } from "./property/mutations.js";

const SCALE = Number(process.env.PROPERTY_RUNS_SCALE ?? 1);

function agree(raw: unknown): void {
  const parsed = z.safeParse(userSchema, raw);
  const fast = checkedUser(raw);
  if (parsed.success) {
    expect(fast).toStrictEqual(parsed.data);
    expect(Object.keys(fast!)).toEqual(Object.keys(parsed.data));
  } else {
    expect(fast).toBeUndefined();
  }
}

describe("checkedUser agrees with the user schema", () => {
  it("on mutated users of random instances (1,000 runs)", () => {
    fc.assert(
      fc.property(validInstance({ users: { min: 1, max: 4 } }), fc.array(mutation, { minLength: 0, maxLength: 3 }), (instance, mutations) => {
        // Mutations land anywhere in a one-instance wrapper of the users; each user is then judged alone.
        let input: unknown = { users: instance.users };
        for (const m of mutations) input = applyMutation(input, m).input;
        const users = (input as { users?: unknown })?.users;
        for (const u of Array.isArray(users) ? users : [users]) agree(u);
      }),
      { numRuns: Math.round(1000 * SCALE) },
    );
  });

  it("on the edges of each field's range", () => {
    const base = { id: "u", dataBits: 1, powerW: 1, channelGain: 1, minAccuracy: 0.5, deadlineS: 1 };
    const edges = [
      0,
      -0,
      5e-324,
      1,
      1 + Number.EPSILON,
      1e300,
      1.0000000000000002e300,
      Number.MAX_VALUE,
      Infinity,
      NaN,
      -1,
      "1",
      null,
      undefined,
      10n,
      new Number(1),
    ];
    for (const key of [...Object.keys(base), "weight"]) for (const value of [...edges, "", "x"]) agree({ ...base, [key]: value });
    agree({ ...base, extra: 1 });
    agree(Object.assign(Object.create(null), base));
    agree(Object.assign(Object.create({ deadlineS: 2 }), { ...base, deadlineS: undefined }));
    agree([base]);
    agree(new Date());
  });
});

describe("validateInstance with fast and slow users mixed", () => {
  const channel = { bandwidthHz: 1e6, noisePsdWPerHz: 1e-20 };
  const dnn = { exits: [{ accuracy: 0.9, latency: { perSampleS: 1e-3, fixedS: 1e-3 } }] };
  const user = (k: number) => ({ id: `u${k}`, dataBits: 1e5, powerW: 0.1, channelGain: 1e-10, minAccuracy: 0.5, deadlineS: 0.1 });

  it("3,000 users with extra keys: the same users as given, without the extras", () => {
    const users = Array.from({ length: 3000 }, (_, k) => (k % 7 === 0 ? { ...user(k), note: "x" } : user(k)));
    const out = validateInstance({ channel, dnn, users });
    expect(out.users).toEqual(users.map((_, k) => user(k)));
  });

  it("a bad user in the second chunk of 1024 is named, with the ones in other chunks", () => {
    const users: unknown[] = Array.from({ length: 3000 }, (_, k) => user(k));
    users[1500] = { ...user(1500), deadlineS: -1 };
    users[2999] = { ...user(2999), powerW: "x" };
    let error: unknown;
    try {
      validateInstance({ channel, dnn, users });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InstanceError);
    expect((error as InstanceError).issues.map((i) => i.path)).toEqual(["users[1500].deadlineS", "users[2999].powerW"]);
  });
});
