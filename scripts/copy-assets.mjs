#!/usr/bin/env node
// dist/ mirrors the source tree, so the compiled bindings find the kernels at
// the same relative paths as the sources do: ../build/kernels.wasm.
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
mkdirSync(join(root, "dist", "build"), { recursive: true });
copyFileSync(join(root, "build", "kernels.wasm"), join(root, "dist", "build", "kernels.wasm"));
