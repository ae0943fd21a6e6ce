/**
 * The OpenAPI document (service/openapi.ts), built in this process: every
 * operation and response is described, every $ref resolves, each limit is
 * named where it applies, and the schemas agree with the service itself:
 * instances the validator accepts fit the Instance schema and a missing
 * required field is refused by both; real Solutions fit the Solution schema.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { solve } from "../bindings/algorithms/solve.js";
import { ALGORITHMS } from "../bindings/core/types.js";
import { validateInstance } from "../bindings/core/validate.js";
import { generateInstance } from "../bindings/scenarios/generate.js";
import type { DEFAULT_LIMITS } from "../bindings/service/limits.js";
import { openApiDocument } from "../bindings/service/openapi.js";
import { handMade, user } from "./helpers/hand-made.js";

// Distinct values, so each can be found in the description it belongs to.
const limits = {
  maxTimeLimitMs: 1111,
  maxUsers: 12,
  bodyLimitBytes: 3333,
  queue: 44,
  queueTimeoutMs: 5555,
  requestTimeoutMs: 6666,
  headersTimeoutMs: 7777,
  drainTimeoutMs: 8888,
} satisfies typeof DEFAULT_LIMITS;
type Schema = Record<string, unknown>;
type Document = {
  openapi: string;
  info: { title: string; version: string; description: string };
  paths: Record<string, Record<string, { summary: string; description?: string; responses: Record<string, Schema> }>>;
  components: { schemas: Record<string, Schema> };
};
// Built for each test, not when this file loads: a mutation testing run changes the module per test.
let doc: Document;
let instanceSchema: Schema;
beforeEach(() => {
  doc = openApiDocument(limits, "9.8.7") as Document;
  instanceSchema = doc.components.schemas.Instance;
});

function resolveRef(ref: string): Schema {
  const match = /^#\/components\/schemas\/(\w+)$/.exec(ref);
  const target = match ? doc.components.schemas[match[1]] : undefined;
  if (!target) throw new Error(`unresolved $ref ${ref}`);
  return target;
}

/**
 * The problems of `value` against `schema`, for the JSON Schema keywords the
 * document uses; a keyword it does not know is a problem too.
 */
function problems(schema: Schema, value: unknown, at = "$"): string[] {
  const known = new Set(["type", "required", "properties", "additionalProperties", "items", "prefixItems", "enum", "const", "$ref", "oneOf"]);
  known.add("minimum").add("maximum").add("exclusiveMinimum").add("maxItems").add("description").add("examples");
  const out: string[] = [];
  for (const key of Object.keys(schema)) if (!known.has(key)) out.push(`${at}: unknown keyword ${key}`);
  if (typeof schema.$ref === "string") return [...out, ...problems(resolveRef(schema.$ref), value, at)];
  const type = schema.type;
  const isObject = typeof value === "object" && value !== null && !Array.isArray(value);
  const typeOk: Record<string, boolean> = {
    object: isObject,
    array: Array.isArray(value),
    string: typeof value === "string",
    number: typeof value === "number" && Number.isFinite(value),
    integer: Number.isInteger(value),
    boolean: typeof value === "boolean",
  };
  if (type !== undefined) {
    if (!(typeof type === "string" && type in typeOk)) out.push(`${at}: unknown type ${String(type)}`);
    else if (!typeOk[type]) return [...out, `${at}: not ${type}`];
  }
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) out.push(`${at}: not one of ${schema.enum.join(", ")}`);
  if ("const" in schema && value !== schema.const) out.push(`${at}: not ${String(schema.const)}`);
  if (typeof value === "number") {
    if (typeof schema.minimum === "number" && value < schema.minimum) out.push(`${at}: below ${schema.minimum}`);
    if (typeof schema.maximum === "number" && value > schema.maximum) out.push(`${at}: above ${schema.maximum}`);
    if (typeof schema.exclusiveMinimum === "number" && value <= schema.exclusiveMinimum) out.push(`${at}: not above ${schema.exclusiveMinimum}`);
  }
  if (Array.isArray(schema.oneOf)) {
    const fits = schema.oneOf.filter((s) => problems(s as Schema, value, at).length === 0).length;
    if (fits !== 1) out.push(`${at}: fits ${fits} of oneOf`);
  }
  if (isObject) {
    const object = value as Record<string, unknown>;
    for (const key of (schema.required as string[] | undefined) ?? []) if (!(key in object)) out.push(`${at}: no ${key}`);
    const properties = (schema.properties as Record<string, Schema> | undefined) ?? {};
    for (const [key, item] of Object.entries(object)) {
      if (key in properties) out.push(...problems(properties[key], item, `${at}.${key}`));
      else if (schema.additionalProperties === false) out.push(`${at}: unexpected ${key}`);
      else if (typeof schema.additionalProperties === "object") out.push(...problems(schema.additionalProperties as Schema, item, `${at}.${key}`));
    }
  }
  if (Array.isArray(value)) {
    if (typeof schema.maxItems === "number" && value.length > schema.maxItems) out.push(`${at}: more than ${schema.maxItems} items`);
    const prefix = (schema.prefixItems as Schema[] | undefined) ?? [];
    value.forEach((item, i) => {
      const itemSchema = prefix[i] ?? (schema.items as Schema | undefined);
      if (itemSchema) out.push(...problems(itemSchema, item, `${at}[${i}]`));
    });
  }
  return out;
}

/** Every schema object in the document, with where it is. */
function everyNode(node: unknown, at = "$"): Array<[string, Schema]> {
  if (typeof node !== "object" || node === null) return [];
  const here: Array<[string, Schema]> = Array.isArray(node) ? [] : [[at, node as Schema]];
  return [...here, ...Object.entries(node).flatMap(([key, child]) => everyNode(child, `${at}.${key}`))];
}

describe("the OpenAPI document", () => {
  it("is OpenAPI 3.1 for edge-alloc at the given version", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info.title).toBe("edge-alloc");
    expect(doc.info.version).toBe("9.8.7");
    expect(doc.info.description).toMatch(/^Resource allocation .*docs\/model\.md\.$/);
  });

  it("lists the paths and their methods", () => {
    expect(Object.entries(doc.paths).map(([path, item]) => [path, Object.keys(item)])).toEqual([
      ["/v1/solve", ["post"]],
      ["/healthz", ["get"]],
      ["/readyz", ["get"]],
      ["/metrics", ["get"]],
      ["/openapi.json", ["get"]],
    ]);
    expect(Object.keys(doc.paths["/v1/solve"].post.responses)).toEqual(["200", "400", "408", "413", "415", "431", "500", "503", "default"]);
    expect(Object.keys(doc.paths["/readyz"].get.responses)).toEqual(["200", "503"]);
  });

  it("describes every operation and response, in words", () => {
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        expect(operation.summary, `${method} ${path}`).toMatch(/^[A-Z].{5,}/);
        for (const [status, response] of Object.entries(operation.responses)) {
          expect(response.description, `${method} ${path} ${status}`).toMatch(/^[A-Z0-9].{5,}/);
          expect(response.content, `${method} ${path} ${status}`).toBeTypeOf("object");
        }
      }
    }
    for (const [at, node] of everyNode(doc)) {
      if ("description" in node && typeof node.description !== "object") expect(node.description, at).toMatch(/^\S/);
    }
  });

  it("sends errors, health and readiness as the JSON the server sends", () => {
    const solve = doc.paths["/v1/solve"].post;
    for (const [status, response] of Object.entries(solve.responses).filter(([s]) => s !== "200")) {
      expect(response.content, status).toEqual({ "application/json": { schema: { $ref: "#/components/schemas/Error" } } });
    }
    expect(solve.responses["200"].content).toEqual({ "application/json": { schema: { $ref: "#/components/schemas/Solution" } } });
    expect((solve as { requestBody?: unknown }).requestBody).toEqual({
      required: true,
      content: { "application/json": { schema: { $ref: "#/components/schemas/SolveRequest" } } },
    });
    expect(solve.responses["503"].headers).toEqual({ "Retry-After": { schema: { type: "integer" }, description: "Seconds to wait before retrying" } });
    const schemaOf = (path: string, status: string) =>
      (doc.paths[path].get.responses[status].content as Record<string, { schema: Schema }>)["application/json"].schema;
    expect(problems(schemaOf("/healthz", "200"), { status: "ok", workers: 2, inFlight: 0 })).toEqual([]);
    expect(problems(schemaOf("/healthz", "200"), { status: "ready", workers: 2, inFlight: 0 })).not.toEqual([]);
    expect(problems(schemaOf("/healthz", "200"), { status: "ok", workers: 2, inFlight: 0.5 })).not.toEqual([]);
    expect(problems(schemaOf("/healthz", "200"), { status: "ok", workers: 0.5, inFlight: 0 })).not.toEqual([]);
    expect(problems(schemaOf("/readyz", "200"), { status: "ready", workers: 2, inFlight: 1 })).toEqual([]);
    expect(problems(schemaOf("/readyz", "200"), { status: "ok", workers: 2, inFlight: 1 })).not.toEqual([]);
    expect(problems(schemaOf("/readyz", "200"), { status: "ready", workers: 1.5, inFlight: 1 })).not.toEqual([]);
    expect(problems(schemaOf("/readyz", "200"), { status: "ready", workers: 1, inFlight: 1.5 })).not.toEqual([]);
    expect(doc.paths["/metrics"].get.responses["200"].content).toEqual({ "text/plain": { schema: { type: "string" } } });
    expect(doc.paths["/openapi.json"].get.responses["200"].content).toEqual({ "application/json": { schema: { type: "object" } } });
    const error = doc.components.schemas.Error;
    expect(problems(error, { error: "bad", issues: [{ path: "instance.users[0].deadlineS", message: "must be positive" }] })).toEqual([]);
    expect(problems(error, { issues: [] })).toEqual(["$: no error"]);
    expect(problems(error, { error: 1 })).toEqual(["$.error: not string"]);
    expect(problems(error, { error: "bad", issues: [{ path: "x" }] })).toEqual(["$.issues[0]: no message"]);
    expect(problems(error, { error: "bad", issues: [{ message: "m" }] })).toEqual(["$.issues[0]: no path"]);
    expect(problems(error, { error: "bad", issues: [{ path: 3, message: 4 }] })).toEqual(["$.issues[0].path: not string", "$.issues[0].message: not string"]);
    expect(doc.components.schemas.Issue.properties).toMatchObject({
      path: { examples: ["instance.users[3].deadlineS"] },
      message: { examples: ["must be a positive number, got -0.1"] },
    });
  });

  it("names each limit where it applies", () => {
    const solve = doc.paths["/v1/solve"].post;
    expect(solve.description).toContain("above 1111 ms (or 0, no limit) are cut to 1111 ms");
    expect(solve.description).toContain("more than 12 users are refused");
    expect(solve.responses["408"].description).toContain("headers within 7777 ms, the whole request within 6666 ms");
    expect(solve.responses["413"].description).toContain("(3333 bytes)");
    expect(solve.responses["503"].description).toContain("44 solves are already waiting, this solve waited 5555 ms");
    expect(solve.responses["503"].description).toContain("still running 8888 ms after shutdown began");
    const options = (doc.components.schemas.SolveRequest.properties as Record<string, Schema>).options.properties as Record<string, Schema>;
    expect(options.timeLimitMs.description).toContain("capped at 1111");
    expect((instanceSchema.properties as Record<string, Schema>).users.maxItems).toBe(12);
  });

  it("resolves every $ref and uses only the keywords and types it means", () => {
    for (const [at, node] of everyNode(doc.components)) {
      if (typeof node.$ref === "string") expect(() => resolveRef(node.$ref as string), at).not.toThrow();
      if (typeof node.type === "string") expect(["object", "array", "string", "number", "integer", "boolean"], at).toContain(node.type);
      if (Array.isArray(node.required)) {
        expect(node.required.length, at).toBeGreaterThan(0);
        for (const key of node.required) expect(Object.keys(node.properties as Schema), `${at} requires ${key}`).toContain(key);
      }
    }
  });

  it("takes the requests the service takes, and refuses what it refuses", () => {
    const request = doc.components.schemas.SolveRequest;
    const instance = generateInstance({ users: 5, seed: 3 });
    for (const algorithm of ALGORITHMS) {
      expect(problems(request, { instance, options: { algorithm, engine: "js", timeLimitMs: 0 } }), algorithm).toEqual([]);
    }
    for (const engine of ["auto", "wasm", "js"]) expect(problems(request, { instance, options: { engine } })).toEqual([]);
    expect(problems(request, { options: {} })).toEqual(["$: no instance"]);
    expect(problems(request, { instance: { users: [] } })).toEqual(["$.instance: no channel", "$.instance: no dnn"]);
    expect(problems(request, { instance, extra: 1 })).toEqual(["$: unexpected extra"]);
    expect(problems(request, { instance, options: { seed: 1 } })).toEqual(["$.options: unexpected seed"]);
    expect(problems(request, { instance, options: { algorithm: "fastest" } })).toHaveLength(1);
    expect(problems(request, { instance, options: { engine: "gpu" } })).toHaveLength(1);
    expect(problems(request, { instance, options: { timeLimitMs: -1 } })).toEqual(["$.options.timeLimitMs: below 0"]);
    expect(problems(request, { instance, options: { timeLimitMs: "1" } })).toEqual(["$.options.timeLimitMs: not number"]);
  });

  it("requires of an instance exactly what the validator requires", () => {
    const weighted = handMade([user("a", { weight: 2 }), user("b")], { frameS: 0.2, dnn: { name: "two", maxBatch: 4, exits: handMade([]).dnn.exits } });
    const measured = handMade([user("a")], {}, [
      {
        accuracy: 0.7,
        latency: {
          points: [
            [1, 0.002],
            [4, 0.005],
          ],
        },
      },
    ]);
    for (const instance of [generateInstance({ users: 4, seed: 1 }), weighted, measured]) {
      expect(() => validateInstance(instance)).not.toThrow();
      expect(problems(instanceSchema, instance)).toEqual([]);
    }
    // Each field the schema requires is one the validator cannot do without, and the other way round.
    const paths: Array<[string, (x: Record<string, any>) => Record<string, unknown>]> = [
      ["", (x) => x],
      ["channel", (x) => x.channel],
      ["dnn", (x) => x.dnn],
      ["exit", (x) => x.dnn.exits[0]],
      ["user", (x) => x.users[0]],
    ];
    for (const [where, pick] of paths) {
      for (const key of Object.keys(pick(weighted))) {
        const copy = structuredClone(weighted) as Record<string, any>;
        delete pick(copy)[key];
        let refused = false;
        try {
          validateInstance(copy as never);
        } catch {
          refused = true;
        }
        expect(problems(instanceSchema, copy).length > 0, `without ${where}.${key}`).toBe(refused);
      }
    }
    // A latency is either affine (both coefficients) or measured points of [integer batch, seconds].
    expect(problems(instanceSchema, handMade([user("a")], {}, [{ accuracy: 0.7, latency: { perSampleS: 0.001 } as never }]))).not.toEqual([]);
    expect(problems(instanceSchema, handMade([user("a")], {}, [{ accuracy: 0.7, latency: { points: [[1.5, 0.002]] } }]))).not.toEqual([]);
    expect(problems(instanceSchema, handMade([user("a")], {}, [{ accuracy: 0.7, latency: { points: [[1, "2 ms" as never]] } }]))).not.toEqual([]);
  });

  it("refuses the values the validator refuses for the bounds it states", () => {
    const base = handMade([user("a")]);
    const bad: Array<(x: Record<string, any>) => void> = [
      (x) => void (x.users[0].minAccuracy = 1.5),
      (x) => void (x.users[0].minAccuracy = -0.5),
      (x) => void (x.dnn.exits[0].accuracy = 1.5),
      (x) => void (x.dnn.exits[0].accuracy = -0.1),
      (x) => void (x.users[0].weight = 0),
      (x) => void (x.dnn.maxBatch = 0),
      (x) => void (x.dnn.maxBatch = 2.5),
      (x) => void (x.users = Array.from({ length: 13 }, (_, i) => user(`u${i}`))),
      (x) => void (x.users[0].id = 7),
      (x) => void (x.dnn.name = 7),
      (x) => void (x.channel.bandwidthHz = "wide"),
    ];
    for (const change of bad) {
      const copy = structuredClone(base) as Record<string, any>;
      change(copy);
      expect(problems(instanceSchema, copy), String(change)).not.toEqual([]);
    }
  });

  it("describes the Solutions solve returns", async () => {
    const schema = doc.components.schemas.Solution;
    const instance = generateInstance({ users: 6, seed: 4 });
    const unreachable = handMade([user("far", { channelGain: 1e-30 }), user("picky", { minAccuracy: 0.99 }), user("ok")]);
    for (const algorithm of ["exact", "greedy", "no-batching"] as const) {
      for (const input of [instance, unreachable]) {
        const solution = await solve(input, { algorithm, engine: "js" });
        expect(problems(schema, JSON.parse(JSON.stringify(solution))), algorithm).toEqual([]);
      }
    }
    const solution = JSON.parse(JSON.stringify(await solve(unreachable, { engine: "js" }))) as Record<string, any>;
    expect(solution.users.map((u: { reason?: string }) => u.reason)).toEqual(["unreachable", "accuracy-unattainable", undefined]);
    for (const key of schema.required as string[]) {
      const copy = structuredClone(solution);
      delete copy[key];
      expect(problems(schema, copy), key).toEqual([`$: no ${key}`]);
    }
    expect(schema.required).toEqual([
      "algorithm",
      "engine",
      "status",
      "served",
      "upperBound",
      "throughputPerS",
      "tauS",
      "bandwidthUsedHz",
      "blocks",
      "users",
      "stats",
    ]);
    const properties = schema.properties as Record<string, Schema>;
    expect(properties.engine.enum).toEqual(["wasm", "js", "highs"]);
    expect(properties.status.enum).toEqual(["optimal", "feasible"]);
    expect(properties.algorithm.enum).toEqual([...ALGORITHMS]);
    expect(((properties.users.items as Schema).properties as Record<string, Schema>).reason.enum).toEqual([
      "accuracy-unattainable",
      "unreachable",
      "not-selected",
    ]);
    const wrong: Array<[string, (x: Record<string, any>) => void]> = [
      ["served", (x) => void (x.served = 1.5)],
      ["blocks", (x) => void (x.blocks = [{ block: "1" }])],
      ["blocks", (x) => void (x.blocks = [{ block: 1, batch: 1.5, startS: 0, endS: 1 }])],
      ["blocks", (x) => void (x.blocks = [{ block: 1, batch: 1, startS: 0, endS: 1, user: 3 }])],
      ["users", (x) => void (x.users[0].served = "no")],
      ["users", (x) => void (x.users[0].exit = 1.5)],
      ["users", (x) => void (x.users[0].id = 1)],
      ["stats", (x) => void (x.stats.nodes = 0.5)],
      ["stats", (x) => void (x.stats.other = "many")],
      ["objective", (x) => void (x.objective = "1")],
    ];
    for (const [what, change] of wrong) {
      const copy = structuredClone(solution);
      change(copy);
      expect(problems(schema, copy), what).not.toEqual([]);
    }
    expect(properties.blocks.items).toMatchObject({ type: "object" });
    expect(properties.stats.additionalProperties).toEqual({ type: "number" });
  });
});
