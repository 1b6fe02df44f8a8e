import { defineConfig } from "vitest/config";

/**
 * The test run StrykerJS uses for each mutant (`npm run mutate`): the unit and table tests of the
 * mutated folders, without the tests that start real servers or peers (Knot, pyspf, libspf2,
 * OpenDKIM, npm pack), which cost seconds per run and are covered by `npm test`.
 */
export default defineConfig({
  test: {
    include: [
      "test/spf/**/*.test.ts",
      "test/dmarc/**/*.test.ts",
      "test/dkim/**/*.test.ts",
      "test/message/**/*.test.ts",
      "test/audit/**/*.test.ts",
      "test/rules/**/*.test.ts",
      "test/report/verdicts.test.ts",
    ],
    exclude: [
      "test/spf/differential.test.ts",
      "test/spf/package.test.ts",
      "test/spf/peers.test.ts",
      "test/dkim/peers.test.ts",
      "test/message/lazy.test.ts",
      // Re-runs every scenario once per DNS question (seconds per run): npm test runs it.
      "test/audit/fault-injection.test.ts",
    ],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 30_000,
  },
});
