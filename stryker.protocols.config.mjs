// @ts-check
/**
 * Mutation testing of the protocol modules alone (`npm run mutate:protocols`): src/spf, src/dmarc
 * and src/dkim against their own tests (vitest.mutate-protocols.config.ts), a run that fits in an
 * hour on two cores. `npm run mutate` covers the audit's core too.
 * @type {import("@stryker-mutator/api/core").PartialStrykerOptions}
 */
import base from "./stryker.config.mjs";

export default {
  ...base,
  vitest: { configFile: "vitest.mutate-protocols.config.ts" },
  mutate: ["src/spf/**/*.ts", "src/dmarc/**/*.ts", "src/dkim/**/*.ts", "!src/**/index.ts", "!src/**/types.ts", "!src/**/*-types.ts"],
  jsonReporter: { fileName: "reports/mutation/protocols.json" },
  htmlReporter: { fileName: "reports/mutation/protocols.html" },
};
