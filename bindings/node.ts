/**
 * The package root under Node (the `node` export condition): everything the
 * browser root (index.ts) exports, plus what only runs in Node (worker
 * threads, the file system). Node-only exports are added here, never to index.ts.
 * createSolverPool here (worker threads) takes the place of the browser one
 * (Web Workers) that index.ts exports under the same name.
 */
export * from "./index.js";
export { createSolverPool } from "./pool/node-pool.js";
