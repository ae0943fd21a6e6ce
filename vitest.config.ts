import { defineConfig } from "vitest/config";

// as-pect specs live in tests/as and are run by `asp`, not vitest.
export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    exclude: ["tests/as/**", "node_modules/**"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
