/**
 * The package root under Node (the `node` export condition): everything the
 * browser root (index.ts) exports, plus what only runs in Node (worker
 * threads, the file system). Node-only exports are added here, never to index.ts.
 */
export * from "./index.js";
