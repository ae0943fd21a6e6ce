// as-pect runs the AssemblyScript kernel specs in tests/as/ (vitest never sees them).
// Run with: npx asp --config as-pect.config.js   (compiler settings: as-pect.asconfig.json)
export default {
  /** Test files: each is compiled with the as-pect harness and run in its own module. */
  entries: ["tests/as/**/*.spec.ts"],
  /** Files added to every test compilation (none needed). */
  include: [],
  disclude: [/node_modules/],
  async instantiate(memory, createImports, instantiate, binary) {
    // The kernels' clock (assembly/lib/clock.ts) asks the host for the time.
    return instantiate(binary, createImports({ env: { memory, nowMs: () => performance.now() } }));
  },
  outputBinary: false,
};
