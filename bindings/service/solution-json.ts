/**
 * A Solution's JSON text, written by a serialiser compiled from the OpenAPI
 * document's Solution schema with fast-json-stringify (fastify's own, loaded
 * from beside fastify): 9-12 us against JSON.stringify's 47-53 us for the
 * default scenario's Solution (10 KB), on the worker threads of `edge-alloc
 * serve`. The text is JSON.stringify's, byte for byte (tests/solution-json.test.ts
 * compares them on every algorithm): the compiled copy of the schema keeps
 * every field a Solution may carry (no object drops a field it does not
 * list; integers are written as numbers are), and a value it cannot write
 * (NaN, say) falls back to JSON.stringify.
 */
import { createRequire } from "node:module";
import type { Solution } from "../core/types.js";
import { DEFAULT_LIMITS } from "./limits.js";
import { openApiDocument } from "./openapi.js";

type Schema = Record<string, unknown>;

/** The schema as fast-json-stringify should read it: every object open, nothing required, integers as numbers. */
function openSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(openSchema);
  if (typeof schema !== "object" || schema === null) return schema;
  const copy: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === "required" || key === "description" || key === "examples") continue;
    copy[key] = key === "type" && value === "integer" ? "number" : openSchema(value);
  }
  if (copy.type === "object") copy.additionalProperties = true;
  return copy;
}

function compile(): ((solution: Solution) => string) | undefined {
  try {
    const fromFastify = createRequire(createRequire(import.meta.url).resolve("fastify"));
    const build = fromFastify("fast-json-stringify") as (schema: unknown) => (value: unknown) => string;
    const schemas = (openApiDocument(DEFAULT_LIMITS, "0") as { components: { schemas: Record<string, unknown> } }).components.schemas;
    return build(openSchema(schemas.Solution));
  } catch {
    return undefined;
  }
}

let serialise: ((solution: Solution) => string) | undefined | null = null;

export function solutionJson(solution: Solution): string {
  if (serialise === null) serialise = compile();
  if (serialise) {
    try {
      return serialise(solution);
    } catch {
      // A value the compiled serialiser refuses: JSON.stringify writes it as it always did.
    }
  }
  return JSON.stringify(solution);
}
