// The vitest configuration of npm run test:mutation's StrykerJS runs: the
// project's, with only the module's test files (MUTATION_TEST_FILES, comma
// separated, set by scripts/mutation.mjs for its runners). The files are given
// here and not as StrykerJS's testFiles: with testFiles, StrykerJS 9 runs a
// mutant it has no coverage for with the mutant switched on only once the
// tests start, after the module has loaded, so a mutant in code run at load
// is never applied.
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { BaseSequencer } from "vitest/node";
import project from "../vitest.config.ts";

const files = process.env.MUTATION_TEST_FILES?.split(",").filter(Boolean);
if (!files?.length) throw new Error("scripts/mutation-vitest.config.mjs: MUTATION_TEST_FILES names no test file");

/**
 * The order of a mutant's test files. StrykerJS stops a mutant at its first failing test, and
 * vitest's own order runs the slowest file first: here a file that failed in the runner's last
 * run comes first (the mutant before was most often killed by it, and the next lies beside it in
 * the code), then the rest from the fastest, unknown ones first.
 */
class FailedThenFastest extends BaseSequencer {
  async sort(files) {
    const state = (file) => this.ctx.cache.getFileTestResults(`${file.project.name}:${relative(this.ctx.config.root, file.moduleId)}`);
    const rank = (file) => {
      const last = state(file);
      return last === undefined ? [0, 0] : [last.failed ? 0 : 1, last.duration];
    };
    return [...files].sort((a, b) => {
      const [ra, rb] = [rank(a), rank(b)];
      return ra[0] - rb[0] || ra[1] - rb[1];
    });
  }
}

export default defineConfig({
  ...project,
  root: fileURLToPath(new URL("..", import.meta.url)),
  test: { ...project.test, include: files, sequence: { ...project.test?.sequence, sequencer: FailedThenFastest } },
});
