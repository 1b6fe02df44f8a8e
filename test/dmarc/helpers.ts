import { readFileSync } from "node:fs";
import type { DmarcParseResult } from "../../src/dmarc/types.ts";
import { QueryBudgetResolver } from "../../src/dns/budget.ts";
import { FixtureResolver } from "../../src/dns/fixture/resolver.ts";

/** Reads a file under fixtures/dmarc/. */
export function fixtureText(path: string): string {
  return readFileSync(new URL(`../../fixtures/dmarc/${path}`, import.meta.url), "utf8");
}

export function fixtureJson<T>(path: string): T {
  return JSON.parse(fixtureText(path)) as T;
}

/** A logging resolver over an inline fixture (the contract's format). */
export function zone(records: Record<string, unknown>): QueryBudgetResolver {
  return new QueryBudgetResolver(new FixtureResolver({ version: 1, records }));
}

/** The codes of a parse result's diagnostics. */
export function codes(r: { diagnostics: Array<{ code: string }> }): string[] {
  return r.diagnostics.map((d) => d.code);
}

/** OpenDMARC's status names for a parse result (test_dmarc_parse.c). */
export function openDmarcStatus(r: DmarcParseResult): string {
  if (codes(r).includes("dmarc-empty")) return "ERROR_EMPTY";
  if (!r.isDmarc) return "ERROR_BAD_VERSION";
  if (r.policyStatus === "unusable")
    return codes(r).includes("dmarc-p-missing") ? "ERROR_NO_REQUIRED_P" : "ERROR_BAD_VALUE";
  return "OKAY";
}
