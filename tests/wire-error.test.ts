/**
 * Errors across a thread boundary (pool/wire-error.ts): each error class a
 * solve can reject with arrives as the same class with its issues and the
 * worker's stack, through a real structured clone (a MessageChannel); and a
 * cancelled solve is recognised as an AbortError however it was made.
 */
import { MessageChannel } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { InputError, InstanceError, ScenarioError } from "../bindings/core/errors.js";
import { HighsError } from "../bindings/highs/highs.js";
import { abortError, errorFromWire, errorToWire, isAbortError, type WireError } from "../bindings/pool/wire-error.js";

/** `value` after a structured clone, as a worker's message arrives. */
async function cloned<T>(value: T): Promise<T> {
  const { port1, port2 } = new MessageChannel();
  const received = new Promise<T>((resolve) => port2.once("message", resolve));
  port1.postMessage(value);
  const result = await received;
  port1.close();
  return result;
}

const across = async (error: unknown) => errorFromWire(await cloned(errorToWire(error)));
const issues = [
  { path: "users[0].dataBits", message: "must be a positive number, got -1" },
  { path: "frameS", message: "must be a positive number, got 0" },
];

describe("errorToWire and errorFromWire", () => {
  it.each([
    ["InstanceError", new InstanceError(issues), InstanceError],
    ["ScenarioError", new ScenarioError(issues), ScenarioError],
    ["InputError", new InputError(issues), InputError],
  ] as const)("an %s keeps its class, name, issues, message and stack", async (name, error, type) => {
    const back = await across(error);
    expect(back).toBeInstanceOf(type);
    expect(back.name).toBe(name);
    expect((back as InputError).issues).toEqual(issues);
    expect(back.message).toBe(error.message);
    expect(back.stack).toBe(error.stack);
  });

  it("an InstanceError sent without issues arrives with none", () => {
    const back = errorFromWire({ name: "InstanceError", message: "x" });
    expect(back).toBeInstanceOf(InstanceError);
    expect((back as InstanceError).issues).toEqual([]);
    for (const name of ["ScenarioError", "InputError"]) expect((errorFromWire({ name, message: "x" }) as InputError).issues).toEqual([]);
  });

  it("a HighsError keeps its class and message", async () => {
    const back = await across(new HighsError("HiGHS: model status Solve error"));
    expect(back).toBeInstanceOf(HighsError);
    expect(back.message).toBe("HiGHS: model status Solve error");
  });

  it("any other error keeps its name and message (a plain Error's class)", async () => {
    const range = await across(new RangeError("too far"));
    expect(range.name).toBe("RangeError");
    expect(range.message).toBe("too far");
    const custom = Object.assign(new Error("disk full"), { name: "StorageError" });
    const back = await across(custom);
    expect(back.name).toBe("StorageError");
    expect(back.message).toBe("disk full");
    expect(back.stack).toBe(custom.stack);
  });

  it("a thrown value that is not an Error: an Error with the value as message", async () => {
    expect(errorToWire("boom")).toEqual({ name: "Error", message: "boom" });
    expect(errorToWire(42)).toEqual({ name: "Error", message: "42" });
    const back = await across(undefined);
    expect(back).toBeInstanceOf(Error);
    expect(back.name).toBe("Error");
    expect(back.message).toBe("undefined");
  });

  it("only InputErrors carry issues; without a stack the caller's own stays", () => {
    expect(errorToWire(new Error("x")).issues).toBeUndefined();
    const wire: WireError = { name: "Error", message: "no stack" };
    const back = errorFromWire(wire);
    expect(back.stack).toContain("no stack");
  });
});

describe("abortError and isAbortError", () => {
  it("recognises abortError(), an AbortSignal's reason and an Error named AbortError", () => {
    const error = abortError();
    expect(error.name).toBe("AbortError");
    expect(error.message).toBe("the solve was cancelled");
    expect(isAbortError(error)).toBe(true);
    const controller = new AbortController();
    controller.abort();
    expect(isAbortError(controller.signal.reason)).toBe(true);
    expect(isAbortError(Object.assign(new Error("stop"), { name: "AbortError" }))).toBe(true);
  });

  it("and nothing else", () => {
    expect(isAbortError(new Error("AbortError"))).toBe(false);
    expect(isAbortError(new DOMException("x", "TimeoutError"))).toBe(false);
    expect(isAbortError({ name: "AbortError" })).toBe(false);
    expect(isAbortError("AbortError")).toBe(false);
    expect(isAbortError(undefined)).toBe(false);
  });
});
