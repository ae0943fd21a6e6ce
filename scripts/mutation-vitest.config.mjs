// The vitest configuration of npm run test:mutation's StrykerJS runs: the
// project's, with only the module's test files (MUTATION_TEST_FILES, comma
// separated, set by scripts/mutation.mjs for its runners). The files are given
// here and not as StrykerJS's testFiles: with testFiles, StrykerJS 9 runs a
// mutant it has no coverage for with the mutant switched on only once the
// tests start, after the module has loaded, so a mutant in code run at load
// is never applied.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import project from "../vitest.config.ts";

const files = process.env.MUTATION_TEST_FILES?.split(",").filter(Boolean);
if (!files?.length) throw new Error("scripts/mutation-vitest.config.mjs: MUTATION_TEST_FILES names no test file");

export default defineConfig({ ...project, root: fileURLToPath(new URL("..", import.meta.url)), test: { ...project.test, include: files } });
