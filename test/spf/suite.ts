/**
 * Reads the OpenSPF YAML test suites (fixtures/spf/*.yml) and converts each scenario's zonedata
 * to a recorded-DNS fixture (../shared/contracts/dns-fixture.md), following the driver rules of
 * ../shared/conformance/PROVENANCE.md:
 * - SPF-type records are copied to TXT unless the owner lists a TXT entry;
 * - `NONE` adds no record (but counts as a TXT entry);
 * - `TIMEOUT` makes every type that has no record listed before it time out.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import type { DnsFixture, FixtureOwner } from "../../src/dns/fixture/types.ts";

export interface SuiteTest {
  scenario: string;
  name: string;
  helo: string;
  host: string;
  mailfrom: string;
  /** Acceptable results, the preferred one first. */
  results: string[];
  explanation?: string;
  spec: string;
  fixture: DnsFixture;
}

export function fixturePath(file: string): string {
  return fileURLToPath(new URL(`../../fixtures/spf/${file}`, import.meta.url));
}

type ZoneEntry = string | Record<string, unknown>;

/** Converts one scenario's zonedata to a fixture. */
export function zoneToFixture(zonedata: Record<string, ZoneEntry[]>): DnsFixture {
  const records: Record<string, FixtureOwner> = {};
  for (const [rawOwner, entries] of Object.entries(zonedata)) {
    const owner: Record<string, unknown> = {};
    const listed = new Map<string, unknown[]>();
    let txtMentioned = false;
    let timeout = false;
    for (const entry of entries ?? []) {
      if (entry === "TIMEOUT") {
        timeout = true;
        break;
      }
      if (typeof entry !== "object" || entry === null) continue;
      for (const [type, value] of Object.entries(entry)) {
        if (type === "TXT") txtMentioned = true;
        if (!listed.has(type)) listed.set(type, []);
        if (value === "NONE") continue;
        const list = listed.get(type) as unknown[];
        if (type === "MX") {
          const [preference, exchange] = value as [number, string];
          list.push({ preference, exchange });
        } else if (type === "CNAME") {
          list.push(value);
        } else {
          list.push(value);
        }
      }
    }
    if (!txtMentioned && listed.has("SPF")) listed.set("TXT", [...(listed.get("SPF") as unknown[])]);
    for (const [type, list] of listed) {
      // With TIMEOUT, a type with no records before it times out (the "*" below), not NODATA.
      if (timeout && list.length === 0) continue;
      owner[type] = type === "CNAME" ? list[0] : list;
    }
    if (timeout) owner["*"] = { timeout: true };
    const name = rawOwner.toLowerCase();
    records[name] = { ...(records[name] ?? {}), ...(owner as FixtureOwner) };
  }
  return { version: 1, records };
}

/** Loads every test of a suite file. */
export function loadSuite(file: string): SuiteTest[] {
  const text = readFileSync(fixturePath(file), "utf8");
  const tests: SuiteTest[] = [];
  for (const doc of parseAllDocuments(text)) {
    const data = doc.toJS() as {
      description: string;
      tests: Record<string, Record<string, unknown>>;
      zonedata: Record<string, ZoneEntry[]>;
    } | null;
    if (data === null) continue;
    const fixture = zoneToFixture(data.zonedata ?? {});
    for (const [name, t] of Object.entries(data.tests)) {
      const result = t.result as string | string[];
      const spec = Array.isArray(t.spec) ? t.spec.map(String).join(", ") : String(t.spec ?? "");
      const test: SuiteTest = {
        scenario: data.description,
        name,
        helo: String(t.helo ?? ""),
        host: String(t.host),
        mailfrom: String(t.mailfrom ?? ""),
        results: Array.isArray(result) ? result : [result],
        spec,
        fixture,
      };
      if (typeof t.explanation === "string") test.explanation = t.explanation;
      tests.push(test);
    }
  }
  return tests;
}
