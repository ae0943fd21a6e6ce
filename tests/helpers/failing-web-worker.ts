// A Web Worker script for tests/browser-pool.test.ts that fails as soon as it has loaded, before
// any task reaches it: an uncaught Error without a message, the error event a browser gives for a
// worker script it cannot load. (web-worker catches an error thrown while the module evaluates;
// one thrown from a microtask is uncaught and ends the thread.)
queueMicrotask(() => {
  throw new Error("");
});
