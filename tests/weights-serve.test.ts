/**
 * `edge-alloc serve` takes users' weights in the request body (the library's
 * schema validates the instance on the worker): a weighted instance is solved
 * in weight, a bad weight is a 400 naming the field, and an algorithm that
 * cannot take weights says so.
 */
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadServiceDeps } from "../bindings/service/deps.js";
import { createService, type Service } from "../bindings/service/server.js";
import { generateInstance } from "../bindings/scenarios/generate.js";
import { solve } from "../bindings/algorithms/solve.js";

let service: Service;
let url: string;
const plain = generateInstance({ users: 12, seed: 4 });
const weighted = { ...plain, users: plain.users.map((u, k) => ({ ...u, weight: 1 + (k % 4) })) };

beforeAll(async () => {
  const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
  service = await createService(await loadServiceDeps(), { workers: 1, maxUsers: 20, maxTimeLimitMs: 5_000, log: quiet });
  url = await service.app.listen({ host: "127.0.0.1", port: 0 });
});
afterAll(() => service.close());

async function post(body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${url}/v1/solve`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

describe("POST /v1/solve with weights", () => {
  it("solves in weight: the same objective and schedule as solve() in this process", async () => {
    const { status, json } = await post({ instance: weighted, options: { algorithm: "exact", timeLimitMs: 0 } });
    expect(status, JSON.stringify(json)).toBe(200);
    const local = await solve(weighted, { algorithm: "exact", timeLimitMs: 0 });
    expect(json.objective).toBe(local.objective);
    expect(json.objective).not.toBe(json.served);
    expect((json.users as Array<{ served: boolean }>).map((u) => u.served)).toEqual(local.users.map((u) => u.served));
  });

  it("names a bad weight and refuses weights for an algorithm that cannot take them", async () => {
    const bad = { ...weighted, users: weighted.users.map((u, k) => (k === 2 ? { ...u, weight: -3 } : u)) };
    const { status, json } = await post({ instance: bad });
    expect(status, JSON.stringify(json)).toBe(400);
    expect(json.issues).toContainEqual({ path: "instance.users[2].weight", message: "must be a positive finite number, got -3" });
    const refused = await post({ instance: weighted, options: { algorithm: "tree" } });
    expect(refused.status, JSON.stringify(refused.json)).toBe(400);
    expect((refused.json.issues as Array<{ path: string; message: string }>)[0].path).toBe("options.algorithm");
    expect(JSON.stringify(refused.json)).toMatch(/tree does not take users' weights/);
  });
});
