#!/usr/bin/env node
// tsc compiles the TypeScript into dist/, mirroring the source tree; the files
// it does not emit are copied here to the same relative places, so every
// `new URL("./x.wasm", import.meta.url)` and `import("./kernels.js")` finds in
// dist/ what it finds in the sources. Each generated file is shipped once.
// Then the package's bin files are made executable: tsc writes them afresh
// without the bit, and `npx edge-alloc` in a clone runs the file itself.
import { chmodSync, copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const ASSETS = [
  "bindings/core/kernels.wasm",
  "bindings/highs/highs.wasm",
  "bindings/highs/highs-runtime.js",
  "bindings/highs/highs-LICENSE",
  "js-fallback/kernels.js",
];
for (const asset of ASSETS) {
  mkdirSync(dirname(join(root, "dist", asset)), { recursive: true });
  copyFileSync(join(root, asset), join(root, "dist", asset));
}

const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
for (const file of Object.values(manifest.bin ?? {})) chmodSync(join(root, file), 0o755);
