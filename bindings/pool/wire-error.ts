/**
 * Errors across a thread boundary. Structured cloning keeps only the message
 * (and the name of built-in errors), so an InstanceError would arrive as a
 * plain Error without its `issues`. A worker sends the class name and the
 * fields instead, and the caller's side rebuilds the same class, so
 * `error instanceof InstanceError` and `error.issues` work as with solve().
 */
import { InputError, InstanceError, ScenarioError, type InputIssue } from "../core/errors.js";
import { HighsError } from "../highs/highs.js";

export interface WireError {
  name: string;
  message: string;
  issues?: InputIssue[];
  stack?: string;
}

export function errorToWire(error: unknown): WireError {
  if (!(error instanceof Error)) return { name: "Error", message: String(error) };
  const wire: WireError = { name: error.name, message: error.message, stack: error.stack };
  if (error instanceof InputError) wire.issues = error.issues;
  return wire;
}

export function errorFromWire(wire: WireError): Error {
  let error: Error;
  switch (wire.name) {
    case "InstanceError":
      error = new InstanceError(wire.issues ?? []);
      break;
    case "ScenarioError":
      error = new ScenarioError(wire.issues ?? []);
      break;
    case "InputError":
      error = new InputError(wire.issues ?? []);
      break;
    case "HighsError":
      error = new HighsError(wire.message);
      break;
    default:
      error = new Error(wire.message);
      error.name = wire.name;
  }
  // The worker's stack says where it went wrong; the caller's would only show the pool.
  if (wire.stack) error.stack = wire.stack;
  return error;
}

/** What a cancelled solve rejects with, in Node and in browsers alike (as fetch does). */
export function abortError(): DOMException {
  return new DOMException("the solve was cancelled", "AbortError");
}

/** Whether a solve rejected because it was cancelled (abortError() or an AbortSignal's own reason). */
export function isAbortError(error: unknown): boolean {
  return (error instanceof Error || error instanceof DOMException) && error.name === "AbortError";
}
