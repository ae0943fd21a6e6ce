/**
 * The envelope of POST /v1/solve over HTTP: bodies and options that are not
 * objects (arrays, null, strings), unknown fields, each option's check and its
 * words, and options that are accepted and reach the solver. Every refusal is a
 * 400 listing each issue with its path.
 */
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadServiceDeps } from "../bindings/service/deps.js";
import { createService, type Service } from "../bindings/service/server.js";
import { generateInstance } from "../bindings/scenarios/generate.js";
import type { Solution } from "../bindings/core/types.js";

interface Issue {
  path: string;
  message: string;
}

let service: Service;
let url: string;
const instance = generateInstance({ users: 8, seed: 2 });

beforeAll(async () => {
  const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
  service = await createService(await loadServiceDeps(), { workers: 1, maxUsers: 8, maxTimeLimitMs: 5_000, log: quiet });
  url = await service.app.listen({ host: "127.0.0.1", port: 0 });
});
afterAll(() => service.close());

async function post(body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${url}/v1/solve`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function issuesOf(body: unknown): Promise<Issue[]> {
  const { status, json } = await post(body);
  expect(status, JSON.stringify(json)).toBe(400);
  expect(json.error).toBe("the request has problems");
  return json.issues as Issue[];
}

describe("POST /v1/solve refuses a body that is not an object", () => {
  it.each([
    ["an array", [], "[]"],
    ["an array holding the request", [{ instance }], "an array of 1 item"],
    ["null", null, "null"],
    ["a string", "solve", '"solve"'],
    ["a number", 3, "3"],
  ])("%s", async (_what, body, described) => {
    expect(await issuesOf(body)).toEqual([{ path: "", message: `the body must be a JSON object with an instance, got ${described}` }]);
  });
});

describe("POST /v1/solve checks the instance field and names unknown fields", () => {
  it("an instance that is an array or null is not an instance object", async () => {
    expect(await issuesOf({ instance: [] })).toEqual([{ path: "instance", message: "must be an instance object, got []" }]);
    expect(await issuesOf({ instance: null })).toEqual([{ path: "instance", message: "must be an instance object, got null" }]);
  });

  it("lists every field that is not instance or options, with the rest of the problems", async () => {
    expect(await issuesOf({ instance, colour: "red", extra: 1 })).toEqual([
      { path: "colour", message: "is not a field of a solve request (instance, options)" },
      { path: "extra", message: "is not a field of a solve request (instance, options)" },
    ]);
    expect(await issuesOf({ colour: "red" })).toEqual([
      { path: "colour", message: "is not a field of a solve request (instance, options)" },
      { path: "instance", message: "is missing (must be an instance object as in docs/model.md)" },
    ]);
  });
});

describe("POST /v1/solve holds the users cap (--max-users 8 here)", () => {
  it("refuses 9 users and solves 8", async () => {
    const nine = generateInstance({ users: 9, seed: 2 });
    expect(await issuesOf({ instance: nine })).toEqual([{ path: "instance.users", message: "must hold at most 8 users on this server (--max-users), got 9" }]);
    expect((await post({ instance })).status).toBe(200);
  });
});

describe("POST /v1/solve checks the options", () => {
  const optionsMessage = (got: string) => ({ path: "options", message: `must be an object with algorithm, engine, timeLimitMs, got ${got}` });

  it("options that are an array, null or a string", async () => {
    expect(await issuesOf({ instance, options: [] })).toEqual([optionsMessage("[]")]);
    expect(await issuesOf({ instance, options: ["exact"] })).toEqual([optionsMessage('["exact"]')]);
    expect(await issuesOf({ instance, options: null })).toEqual([optionsMessage("null")]);
    expect(await issuesOf({ instance, options: "exact" })).toEqual([optionsMessage('"exact"')]);
  });

  it("each option's check, in the words of the error", async () => {
    expect(await issuesOf({ instance, options: { algorithm: 7, engine: "gpu", timeLimitMs: "10", colour: 1 } })).toEqual([
      { path: "options.algorithm", message: expect.stringMatching(/^must be one of exact, .*greedy.*, got 7$/) },
      { path: "options.engine", message: 'must be auto, wasm or js, got "gpu"' },
      { path: "options.timeLimitMs", message: 'must be a number of milliseconds >= 0 (0: this server\'s cap), got "10"' },
      { path: "options.colour", message: "is not a solve option (algorithm, engine, timeLimitMs)" },
    ]);
    expect(await issuesOf({ instance, options: { timeLimitMs: -0.5 } })).toEqual([
      { path: "options.timeLimitMs", message: "must be a number of milliseconds >= 0 (0: this server's cap), got -0.5" },
    ]);
    expect(await issuesOf({ instance, options: { timeLimitMs: null, engine: null } })).toEqual([
      { path: "options.timeLimitMs", message: "must be a number of milliseconds >= 0 (0: this server's cap), got null" },
      { path: "options.engine", message: "must be auto, wasm or js, got null" },
    ]);
  });

  it("accepts each algorithm name and engine, and a time limit of 0, above the cap, or below it", async () => {
    for (const [options, algorithm, engine] of [
      [{ algorithm: "greedy", engine: "js", timeLimitMs: 0 }, "greedy", "js"],
      [{ algorithm: "no-batching", engine: "wasm", timeLimitMs: 60_000 }, "no-batching", "wasm"],
      [{ engine: "auto", timeLimitMs: 1_000 }, "exact", undefined],
      [{}, "exact", undefined],
    ] as const) {
      const { status, json } = await post({ instance, options });
      expect(status, JSON.stringify(json)).toBe(200);
      const solution = json as unknown as Solution;
      expect(solution.algorithm).toBe(algorithm);
      if (engine !== undefined) expect(solution.engine).toBe(engine);
      expect(solution.users).toHaveLength(instance.users.length);
    }
    const { status } = await post({ instance });
    expect(status).toBe(200);
  });
});
