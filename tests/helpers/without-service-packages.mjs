// Preloaded (node --import) into a CLI child process to play a library user's
// install: fastify, pino and prom-client cannot be found, as when the optional
// peer dependencies were never installed.
import { register } from "node:module";

const hook = `
const hidden = new Set(["fastify", "pino", "prom-client"]);
export async function resolve(specifier, context, next) {
  if (hidden.has(specifier)) {
    const error = new Error("Cannot find package '" + specifier + "'");
    error.code = "ERR_MODULE_NOT_FOUND";
    throw error;
  }
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);
