/**
 * fastify, pino and prom-client are optional peer dependencies: a library
 * user never installs them. `edge-alloc serve` loads them here, or stops with
 * one line saying what to install (exit 2).
 */
import type * as PromClient from "prom-client";
import type { default as Fastify } from "fastify";
import type { default as Pino } from "pino";
import { importOptional } from "../core/optional-package.js";

export const SERVICE_PACKAGES = ["fastify", "pino", "prom-client"] as const;

export interface ServiceDeps {
  fastify: typeof Fastify;
  pino: typeof Pino;
  prom: typeof PromClient;
}

export async function loadServiceDeps(): Promise<ServiceDeps> {
  const load = <T>(name: string) => importOptional<T>(name, "edge-alloc serve", SERVICE_PACKAGES);
  const [fastify, pino, prom] = await Promise.all([
    load<{ default: typeof Fastify }>("fastify"),
    load<{ default: typeof Pino }>("pino"),
    load<typeof PromClient & { default?: typeof PromClient }>("prom-client"),
  ]);
  // prom-client is CommonJS: its named exports sit on the module and on its default.
  return { fastify: fastify.default, pino: pino.default, prom: prom.default ?? prom };
}
