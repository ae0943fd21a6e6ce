/**
 * describeValue: how a value appears in an error message ("got ..."), for every
 * kind of value a caller can pass, with bounded work on huge or deep arrays.
 */
import { describe, expect, it } from "vitest";
import { describeValue } from "../bindings/core/describe-value.js";

function nested(depth: number, inner: unknown = 1): unknown {
  let value = inner;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

describe("describeValue", () => {
  it.each([
    [null, "null"],
    [undefined, "undefined"],
    [5, "5"],
    [-0.5, "-0.5"],
    [Number.NaN, "NaN"],
    [Number.POSITIVE_INFINITY, "Infinity"],
    [true, "true"],
    [10n, "10n"],
    ["", '""'],
    ["abc", '"abc"'],
    ['say "hi"', '"say \\"hi\\""'],
    ["x".repeat(40), `"${"x".repeat(40)}"`],
    ["x".repeat(41), `"${"x".repeat(40)}"...`],
    [{ a: 1 }, "an object"],
    [new Date(0), "an object"],
  ])("%o is described as %s", (value, text) => {
    expect(describeValue(value)).toBe(text);
  });

  it("a symbol and a function by their String()", () => {
    expect(describeValue(Symbol("s"))).toBe("Symbol(s)");
    expect(describeValue(() => 1)).toBe("() => 1");
  });

  it.each([
    [[], "[]"],
    [[1], "[1]"],
    [[1, [2, 3]], "[1,[2,3]]"],
    [["a", null, true], '["a",null,true]'],
    [[1n, 2], "[1n,2]"],
    [[0n], "[0n]"],
    [nested(3), "[[[1]]]"],
  ])("short array %o in full: %s", (value, text) => {
    expect(describeValue(value)).toBe(text);
  });

  it("an array whose JSON is exactly 40 characters in full, 41 by its length", () => {
    const forty = [10, ...new Array(18).fill(1)];
    expect(JSON.stringify(forty)).toHaveLength(40);
    expect(describeValue(forty)).toBe(JSON.stringify(forty));
    expect(describeValue([100, ...new Array(18).fill(1)])).toBe("an array of 19 items");
    const nested39 = [[100, ...new Array(16).fill(1)]];
    expect(JSON.stringify(nested39)).toHaveLength(39);
    expect(describeValue(nested39)).toBe(JSON.stringify(nested39));
    expect(describeValue([[100, ...new Array(18).fill(1)]])).toBe("an array of 1 item");
    // An item gets the room left but two characters (the closing bracket and a comma).
    expect(describeValue(["x".repeat(35)])).toBe(JSON.stringify(["x".repeat(35)]));
    expect(describeValue(["x".repeat(36)])).toBe("an array of 1 item");
    expect(describeValue([BigInt("9".repeat(36))])).toBe(`[${"9".repeat(36)}n]`);
    expect(describeValue([BigInt("9".repeat(37))])).toBe("an array of 1 item");
  });

  it.each([
    [[{ a: 1 }], "an array of 1 item"],
    [[1, { a: 1 }], "an array of 2 items"],
    [[[], {}], "an array of 2 items"],
    [Array.from({ length: 21 }, () => 0), "an array of 21 items"],
    [Array.from({ length: 20 }, () => 10), "an array of 20 items"],
    [new Array(1000).fill(0), "an array of 1000 items"],
    [nested(30), "an array of 1 item"],
  ])("a long, deep or object-holding array by its length: %s", (value, text) => {
    expect(describeValue(value)).toBe(text);
  });

  it("an array holding what JSON cannot write (undefined, a function, a symbol) by its length", () => {
    expect(describeValue([undefined])).toBe("an array of 1 item");
    expect(describeValue([1, () => 1])).toBe("an array of 2 items");
    expect(describeValue([Symbol("s")])).toBe("an array of 1 item");
  });

  it("an array nested 100,000 deep by its length, without walking it", () => {
    expect(describeValue(nested(100_000))).toBe("an array of 1 item");
  });

  it("nineteen one-digit items fit in 39 characters, twenty take 41", () => {
    expect(describeValue(new Array(19).fill(0))).toBe(`[${new Array(19).fill(0).join(",")}]`);
    expect(describeValue(new Array(20).fill(0))).toBe("an array of 20 items");
  });
});
