// The modules `npm run test:mutation` mutates, one StrykerJS run each, and the
// test files that hold each one. Each module runs only its own tests: the
// solver-wide suites (sequential, exact phases, MILP cross-checks) take minutes
// a run and would be run again for every module they import; what they would
// kill here the listed tests kill too (see docs/testing.md for the scores).
// Not mutated: type-only files (and core/schedule.ts, types and a re-export: no mutants), worker entry points (they run in worker
// threads, whose coverage StrykerJS cannot see), applications whose job is
// writing files (experiments, cli output).

// Timed alone (vitest, one worker, load ~5): validate 0.1 s, validate-fast-path 2 s,
// hostile-input 13 s (2,000,000 bad users, 1,000,000 through the CLI), cli 7 s,
// pool 10 s, parity 7 s, algorithms 19 s, milp 36 s; the others 0.1 to 3 s.
// hostile-input's slow tests reach every line of the validator, so every
// validator mutant ran them: validate-issue-cap and describe-value drive the
// same paths with thousands of entries instead of millions.
const validation = [
  "tests/validate.test.ts",
  "tests/validate-shapes.test.ts",
  "tests/validate-ranges.test.ts",
  "tests/validate-fast-path.test.ts",
  "tests/validate-issue-cap.test.ts",
];
const solving = ["tests/edge-cases.test.ts", "tests/extreme-magnitudes.test.ts"];
// simulation-imports.test.ts (esbuild reads the sources, runs none of them) is left out: it kills
// no mutant and would cost every module-level one a bundle.
const simulation = [
  "tests/simulation.test.ts",
  "tests/simulation-frames.test.ts",
  "tests/simulation-solve-time.test.ts",
  "tests/simulation-fairness-frames.test.ts",
];

export const MUTATION_MODULES = [
  // core
  { module: "bindings/core/validate.ts", tests: validation },
  { module: "bindings/core/describe-value.ts", tests: ["tests/describe-value.test.ts", "tests/validate.test.ts"] },
  { module: "bindings/core/errors.ts", tests: ["tests/input-errors.test.ts", "tests/validate.test.ts", "tests/validate-issue-cap.test.ts"] },
  { module: "bindings/core/options.ts", tests: ["tests/solve-options.test.ts"] },
  { module: "bindings/core/solution.ts", tests: [...solving, "tests/solution-arithmetic.test.ts"] },
  { module: "bindings/core/prepare.ts", tests: ["tests/prepare.test.ts", "tests/bandwidth.test.ts", "tests/solution-arithmetic.test.ts"] },
  { module: "bindings/core/solve.ts", tests: ["tests/solve-with.test.ts", "tests/edge-cases.test.ts"] },
  { module: "bindings/core/engine.ts", tests: ["tests/engine-loading.test.ts", "tests/bandwidth.test.ts", "tests/parity.test.ts"] },
  { module: "bindings/core/wasm-bytes.ts", tests: ["tests/wasm-bytes.test.ts", "tests/parity.test.ts"] },
  { module: "bindings/core/optional-package.ts", tests: ["tests/optional-package.test.ts"] },
  // the HiGHS model
  { module: "bindings/highs/milp-model.ts", tests: ["tests/milp-model.test.ts"] },
  // scenarios
  { module: "bindings/scenarios/generate.ts", tests: ["tests/scenario-params.test.ts", "tests/generate.test.ts"] },
  { module: "bindings/scenarios/profile-fit.ts", tests: ["tests/profile-fit-parse.test.ts", "tests/profile-fit.test.ts"] },
  { module: "bindings/scenarios/profiles.ts", tests: ["tests/generate.test.ts"] },
  { module: "bindings/scenarios/random.ts", tests: ["tests/random-stream.test.ts", "tests/generate.test.ts"] },
  // simulation
  { module: "bindings/simulation/frames.ts", tests: simulation },
  { module: "bindings/simulation/simulate.ts", tests: ["tests/simulation-options.test.ts", "tests/simulation-config.test.ts", ...simulation] },
  { module: "bindings/simulation/statistics.ts", tests: ["tests/simulation-summary.test.ts", ...simulation] },
  { module: "bindings/simulation/trace.ts", tests: ["tests/simulation-trace.test.ts", ...simulation] },
  // cli argument parsing: the commands and their flags, each with the in-process tests of its
  // command (runCli with a captured CliIo); a spawned edge-alloc shows StrykerJS no coverage.
  { module: "bindings/cli/program.ts", tests: ["tests/cli-program.test.ts", "tests/cli-flags.test.ts", "tests/cli.test.ts"] },
  { module: "bindings/cli/solve.ts", tests: ["tests/cli-flags.test.ts", "tests/cli.test.ts"] },
  { module: "bindings/cli/generate.ts", tests: ["tests/cli-generate.test.ts", "tests/cli-flags.test.ts"] },
  // simulate: the command alone, in this thread (simulation-cli.test.ts's runs on worker threads,
  // with the whole program, cost every mutant seconds more and reach no other line of it).
  { module: "bindings/cli/simulate.ts", tests: ["tests/cli-simulate.test.ts"] },
  { module: "bindings/cli/sweep.ts", tests: ["tests/cli-sweep.test.ts", "tests/cli-flags.test.ts"] },
  // profile: the command alone (profileCommand with runCommand), not the whole program: its
  // modules load in a third of the time, paid again by every mutant.
  { module: "bindings/cli/profile.ts", tests: ["tests/cli-profile.test.ts"] },
  { module: "bindings/cli/serve.ts", tests: ["tests/cli-flags.test.ts", "tests/cli-serve.test.ts"] },
  // service
  // parseSolveRequest runs on the request's worker thread, where StrykerJS sees no coverage:
  // solve-request.test.ts calls it directly; service.test.ts would add minutes of load runs.
  { module: "bindings/service/solve-request.ts", tests: ["tests/solve-request.test.ts", "tests/service-requests.test.ts"] },
  // The service modules each with tests that call them in this process. The server with its two
  // fast files (a few seconds a run, one worker per server, every route and path of server.ts);
  // service.test.ts, service-drain.test.ts and service-faults.test.ts (load, SIGTERM on the CLI,
  // hundreds of hang-ups) take 13 to 22 s a run and would be paid by every mutant. Both files limit
  // a test (and a hook) to 10 s, service-server.test.ts its tests of a few requests to 5 s: a
  // mutant that leaves a request unanswered fails there, a kill, instead of costing StrykerJS's
  // time-out and a restart of its runner.
  { module: "bindings/service/server.ts", tests: ["tests/service-server.test.ts", "tests/service-server-drain.test.ts"] },
  { module: "bindings/service/errors.ts", tests: ["tests/service-errors.test.ts"] },
  { module: "bindings/service/openapi.ts", tests: ["tests/service-openapi.test.ts"] },
  { module: "bindings/service/metrics.ts", tests: ["tests/service-metrics.test.ts"] },
  { module: "bindings/service/deps.ts", tests: ["tests/service-deps.test.ts"] },
  // pool
  // The pool on real threads running the tests' lane worker (a task sleeps, dies or counts itself)
  // and the scripted one (events in an order real workers leave to chance, thread-pool-races);
  // node-pool.test.ts (real solves on the solver worker) is node-pool.ts's set. The four files take
  // 9 s; every task that sleeps is as short as its case allows. Most mutants of this module stop the
  // pool answering: each file limits its tests to 3 s, so such a mutant fails a test there instead
  // of costing StrykerJS's time-out (twice the tests' time plus 5 s) and a restart of its runner.
  {
    module: "bindings/pool/thread-pool.ts",
    tests: ["tests/thread-pool.test.ts", "tests/thread-pool-edges.test.ts", "tests/thread-pool-withdrawals.test.ts", "tests/thread-pool-races.test.ts"],
  },
  { module: "bindings/pool/node-pool.ts", tests: ["tests/node-pool.test.ts"] },
  // browser-pool.test.ts limits a test (and a hook) to 3 s for the same reason: a solve left
  // pending is a failing test there, not StrykerJS's time-out.
  { module: "bindings/pool/browser-pool.ts", tests: ["tests/browser-pool.test.ts"] },
  { module: "bindings/pool/wire-error.ts", tests: ["tests/wire-error.test.ts"] },
  { module: "bindings/pool/source-worker.ts", tests: ["tests/source-worker.test.ts"] },
  { module: "bindings/pool/check-workers.ts", tests: ["tests/check-workers.test.ts"] },
];
