// edge-alloc serve on a real server (127.0.0.1) against clients that misbehave:
// hang-ups mid-solve next to live clients, and every kind of bad request.
import { Agent, request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateInstance } from "../bindings/scenarios/generate.js";
import { freshRequest, hangUpDuringSolve, rawExchange, type Running, series, start } from "./helpers/service.js";

describe("cancellation never hurts a neighbour", () => {
  it("live clients get only 200s while other clients hang up mid-solve, on real sockets", async () => {
    const server = await start({ workers: 2, maxTimeLimitMs: 60_000 });
    try {
      const live = JSON.stringify({ instance: generateInstance({ users: 60, seed: 1 }), options: { algorithm: "exact" } });
      // tree runs its whole 40 ms limit; hang-ups at 36-47 ms land while it runs, as it ends (the
      // worker's answer on its way while the cancel stops that worker) and while it waits.
      const doomed = JSON.stringify({ instance: generateInstance({ users: 60, seed: 2 }), options: { algorithm: "tree", timeLimitMs: 40 } });
      const agent = new Agent({ keepAlive: true, maxSockets: 4 });
      const statuses: number[] = [];
      const post = () =>
        new Promise<number>((resolve, reject) => {
          const req = httpRequest({ host: "127.0.0.1", port: server.port, method: "POST", path: "/v1/solve", agent, headers: { "content-type": "application/json" } }, (res) => {
            res.resume();
            res.on("end", () => resolve(res.statusCode ?? 0));
          });
          req.on("error", reject);
          req.end(live);
        });
      const liveClient = async () => {
        for (let i = 0; i < 60; i++) statuses.push(await post());
      };
      const hangingClient = async (seed: number) => {
        for (let i = 0; i < 30; i++) await hangUpDuringSolve(server.port, doomed, 36 + ((seed * 7 + i * 5) % 12));
      };
      await Promise.all([liveClient(), liveClient(), liveClient(), liveClient(), hangingClient(1), hangingClient(2), hangingClient(3), hangingClient(4), hangingClient(5), hangingClient(6)]);
      agent.destroy();
      expect(statuses).toHaveLength(240);
      expect(statuses.filter((s) => s !== 200)).toEqual([]);
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      // Many hang-ups did cancel a solve (the rest came after its answer): the case under test happened.
      expect(series(metrics, 'edge_alloc_solves_total{algorithm="tree",status="cancelled"}')).toBeGreaterThan(10);
      expect(series(metrics, 'edge_alloc_solves_total{algorithm="exact",status="error"}')).toBeUndefined();
      // Each cancel is logged as 499.
      const cancels = server.logLines().filter((l) => l.msg === "request" && l.status === 499);
      expect(cancels.length).toBe(series(metrics, 'edge_alloc_solves_total{algorithm="tree",status="cancelled"}'));
      expect(cancels[0]).toMatchObject({ method: "POST", url: "/v1/solve", algorithm: "tree", outcome: "cancelled" });
    } finally {
      await server.service.close();
    }
  });
});
