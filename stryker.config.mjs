// StrykerJS settings shared by every module run of scripts/mutation.mjs, which
// adds the module to mutate, its test files, the concurrency and the report
// paths. Why each choice: docs/testing.md, "Mutation testing".
export default {
  testRunner: "vitest",
  plugins: ["@stryker-mutator/vitest-runner"],
  // The module's test files only (scripts/mutation-vitest.config.mjs); of them, a mutant runs those that reach it.
  vitest: { configFile: "scripts/mutation-vitest.config.mjs", related: false },
  coverageAnalysis: "perTest",
  // No TypeScript checker, and no tsconfig rewriting: StrykerJS 9 cannot read TypeScript 7's
  // tsconfig handling; a mutant that does not type-check still runs and is killed by a test.
  checkers: [],
  tsconfigFile: "stryker-reads-no-tsconfig.json",
  disableTypeChecks: "bindings/**/*.ts",
  reporters: ["html", "json", "clear-text", "progress-append-only"],
  clearTextReporter: { allowColor: false, reportScoreTable: true, logTests: false },
  // A loaded machine runs every test slower: generous limits, so a slow mutant is not called a hang.
  timeoutMS: 5_000,
  timeoutFactor: 2,
  dryRunTimeoutMinutes: 15,
  concurrency: 1,
  tempDirName: ".stryker-tmp",
  cleanTempDir: true,
};
