// @ts-check
/**
 * Mutation testing (`npm run mutate`): StrykerJS with its vitest runner over the protocol modules
 * and the audit's core (facts, verdicts, audit). The score goes in the closing notes of the issues
 * that ask for it; thresholds say what counts as good (90%).
 * @type {import("@stryker-mutator/api/core").PartialStrykerOptions}
 */
export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutate.config.ts" },
  coverageAnalysis: "perTest",
  mutate: [
    "src/spf/**/*.ts",
    "src/dmarc/**/*.ts",
    "src/dkim/**/*.ts",
    "src/facts/**/*.ts",
    "src/verdicts/**/*.ts",
    "src/audit/**/*.ts",
    "!src/**/index.ts",
    "!src/**/types.ts",
    "!src/**/*-types.ts",
    "!src/audit/report-schema.ts",
  ],
  // Stryker rewrites tsconfig.json with the TypeScript compiler API, which TypeScript 7 (the
  // native compiler this project uses) does not have; vitest needs no tsconfig, so point the
  // rewriter at a file that does not exist and it leaves the sandbox's tsconfig alone.
  tsconfigFile: "tsconfig.stryker-unused.json",
  concurrency: 2,
  timeoutMS: 20000,
  // The first run (every test, with per-test coverage) takes minutes on a loaded two-core machine.
  dryRunTimeoutMinutes: 30,
  reporters: ["clear-text", "progress", "json", "html"],
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  htmlReporter: { fileName: "reports/mutation/mutation.html" },
  thresholds: { high: 90, low: 80, break: null },
  tempDirName: ".stryker-tmp",
};
