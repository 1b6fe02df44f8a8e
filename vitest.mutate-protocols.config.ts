import { defineConfig } from "vitest/config";

/**
 * The test run StrykerJS uses for each mutant of the protocol modules (`npm run mutate:protocols`):
 * their unit, table and conformance tests, without the peers (pyspf, libspf2, OpenDKIM) and the
 * package tests, which start processes and are covered by `npm test`.
 */
export default defineConfig({
  test: {
    include: ["test/spf/**/*.test.ts", "test/dmarc/**/*.test.ts", "test/dkim/**/*.test.ts"],
    exclude: [
      "test/spf/differential.test.ts",
      "test/spf/package.test.ts",
      "test/spf/peers.test.ts",
      "test/dkim/peers.test.ts",
    ],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 30_000,
  },
});
