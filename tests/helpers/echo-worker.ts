// A ThreadPool worker that answers each task with the task itself. Bundled from sources by
// tests/source-worker.test.ts alone, whose check of kept bundles changes this file's mtime: any
// other test file bundling it would bundle it again meanwhile.
import { serveTasks } from "../../bindings/pool/thread-worker.js";

serveTasks<unknown, unknown>((task) => task);
