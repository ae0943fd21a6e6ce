/**
 * Starts a worker thread on a module that sits next to the module asking for
 * it, with the same extension: built JS under dist/, TypeScript when the
 * sources run under tsx or vitest. Node cannot load TypeScript itself, and a
 * worker does not inherit the loader of the thread that starts it, so a TS
 * worker first registers tsx's loader.
 */
import { createRequire } from "node:module";
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";

/** `new Worker` on `./<name><ext>` beside `callerUrl` (pass `import.meta.url`). */
export function startSiblingWorker(callerUrl: string, name: string): Worker {
  const extension = extname(fileURLToPath(callerUrl));
  const workerUrl = new URL(`./${name}${extension}`, callerUrl);
  if (extension !== ".ts") return new Worker(workerUrl);
  const tsxApi = createRequire(callerUrl).resolve("tsx/cjs/api");
  const boot = `require(${JSON.stringify(tsxApi)}).register(); require(${JSON.stringify(fileURLToPath(workerUrl))});`;
  return new Worker(boot, { eval: true });
}
