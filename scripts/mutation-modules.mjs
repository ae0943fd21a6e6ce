// The modules `npm run test:mutation` mutates, one StrykerJS run each, and the
// test files that hold each one. Each module runs only its own tests: the
// solver-wide suites (sequential, exact phases, MILP cross-checks) take minutes
// a run and would be run again for every module they import; what they would
// kill here the listed tests kill too (see docs/testing.md for the scores).
// Not mutated: type-only files, worker entry points (they run in worker
// threads, whose coverage StrykerJS cannot see), applications whose job is
// writing files (experiments, cli output).

const validation = ["tests/validate.test.ts", "tests/validate-fast-path.test.ts", "tests/hostile-input.test.ts"];
const solving = ["tests/edge-cases.test.ts", "tests/extreme-magnitudes.test.ts"];
const cli = ["tests/cli.test.ts", "tests/simulation-cli.test.ts", "tests/profile-fit.test.ts", "tests/sweep.test.ts"];
const service = ["tests/service.test.ts", "tests/service-requests.test.ts"];
const pool = ["tests/pool.test.ts"];
const simulation = ["tests/simulation.test.ts", "tests/simulation-frames.test.ts"];

export const MUTATION_MODULES = [
  // core
  { module: "bindings/core/validate.ts", tests: [...validation, "tests/generate.test.ts", "tests/validation-issues.test.ts"] },
  { module: "bindings/core/describe-value.ts", tests: [...validation] },
  { module: "bindings/core/errors.ts", tests: [...validation, "tests/cli.test.ts"] },
  { module: "bindings/core/solution.ts", tests: [...solving, "tests/solution-arithmetic.test.ts"] },
  { module: "bindings/core/prepare.ts", tests: [...solving, "tests/bandwidth.test.ts", "tests/solution-arithmetic.test.ts"] },
  { module: "bindings/core/schedule.ts", tests: [...solving, "tests/solution-arithmetic.test.ts"] },
  {
    module: "bindings/core/solve.ts",
    tests: [...solving, "tests/hostile-input.test.ts", "tests/parity.test.ts", "tests/algorithms.test.ts", "tests/solve-options.test.ts"],
  },
  { module: "bindings/core/engine.ts", tests: [...solving, "tests/bandwidth.test.ts", "tests/parity.test.ts"] },
  { module: "bindings/core/wasm-bytes.ts", tests: ["tests/parity.test.ts", "tests/milp.test.ts"] },
  { module: "bindings/core/optional-package.ts", tests: [...service] },
  // the HiGHS model
  { module: "bindings/highs/milp-model.ts", tests: ["tests/milp.test.ts", "tests/exact-vs-milp.test.ts"] },
  // scenarios
  { module: "bindings/scenarios/generate.ts", tests: ["tests/generate.test.ts", "tests/cli.test.ts"] },
  { module: "bindings/scenarios/profile-fit.ts", tests: ["tests/profile-fit.test.ts"] },
  { module: "bindings/scenarios/profiles.ts", tests: ["tests/generate.test.ts", "tests/validate.test.ts", "tests/profile-fit.test.ts"] },
  { module: "bindings/scenarios/random.ts", tests: ["tests/generate.test.ts", "tests/simulation.test.ts"] },
  // simulation
  { module: "bindings/simulation/frames.ts", tests: simulation },
  { module: "bindings/simulation/simulate.ts", tests: simulation },
  { module: "bindings/simulation/statistics.ts", tests: simulation },
  { module: "bindings/simulation/trace.ts", tests: simulation },
  // cli argument parsing: the commands and their flags
  { module: "bindings/cli/program.ts", tests: cli },
  { module: "bindings/cli/solve.ts", tests: cli },
  { module: "bindings/cli/generate.ts", tests: cli },
  { module: "bindings/cli/simulate.ts", tests: cli },
  { module: "bindings/cli/sweep.ts", tests: cli },
  { module: "bindings/cli/profile.ts", tests: cli },
  { module: "bindings/cli/serve.ts", tests: [...cli, ...service] },
  // service
  // The envelope has its own HTTP tests; service.test.ts adds minutes of load and cancellation runs.
  { module: "bindings/service/solve-request.ts", tests: ["tests/service-requests.test.ts"] },
  { module: "bindings/service/server.ts", tests: service },
  { module: "bindings/service/openapi.ts", tests: service },
  { module: "bindings/service/metrics.ts", tests: service },
  { module: "bindings/service/deps.ts", tests: service },
  // pool
  { module: "bindings/pool/node-pool.ts", tests: pool },
  { module: "bindings/pool/browser-pool.ts", tests: pool },
  { module: "bindings/pool/wire-error.ts", tests: pool },
  { module: "bindings/pool/source-worker.ts", tests: pool },
  { module: "bindings/pool/check-workers.ts", tests: pool },
];
