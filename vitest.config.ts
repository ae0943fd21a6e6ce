import { defineConfig } from "vitest/config";

// as-pect specs live in tests/as and are run by `asp`, not vitest.
// CI asks for a JSON report too (VITEST_JSON=path) to print plain totals.
const jsonReport = process.env.VITEST_JSON;

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    exclude: ["tests/as/**", "node_modules/**"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: jsonReport ? ["default", ["json", { outputFile: jsonReport }]] : ["default"],
  },
});
