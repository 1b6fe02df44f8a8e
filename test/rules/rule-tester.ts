/**
 * A table tester for audit rules, in the manner of ESLint's RuleTester: each rule has `valid`
 * cases (the rule reports nothing) and `invalid` cases (exactly these findings), each a small
 * organisation and its DNS. Cases run through the real audit (or a domain check), so a rule is
 * tested with the facts the gatherers really produce.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type AuditOptions, audit, checkDomain } from "../../src/audit/api.ts";
import type { Severity } from "../../src/common/severity.ts";
import { FixtureResolver } from "../../src/dns/fixture/resolver.ts";
import type { FixtureOwner } from "../../src/dns/fixture/types.ts";
import type { AggregateReport } from "../../src/reports/types.ts";
import { getRule } from "../../src/rules/index.ts";
import type { Finding } from "../../src/rules/types.ts";

const keys = JSON.parse(readFileSync(new URL("./keys.json", import.meta.url), "utf8")) as Record<
  "rsa2048" | "rsa1024" | "rsa512",
  string
>;

/** A DKIM key record of the given size, split into 250-octet strings as providers publish it. */
export function dkimKey(bits: 2048 | 1024 | 512 = 2048, extra = ""): string[] {
  const text = `v=DKIM1; k=rsa;${extra} p=${keys[`rsa${bits}`]}`;
  const out: string[] = [];
  for (let i = 0; i < text.length; i += 250) out.push(text.slice(i, i + 250));
  return out;
}

/** A healthy organisation: example.com sends directly from 192.0.2.10, signs with s1, DMARC p=reject. */
export const baseOrg = {
  version: 1,
  name: "Example",
  domains: [{ name: "example.com" }],
  paths: [
    {
      id: "direct",
      from: ["example.com"],
      via: { direct: { ips: ["192.0.2.10"] } },
      dkim: [{ domain: "example.com", selector: "s1" }],
    },
  ],
};

export const baseDns: Record<string, FixtureOwner> = {
  "example.com": { TXT: ["v=spf1 ip4:192.0.2.10 -all"], MX: [{ preference: 10, exchange: "mx.example.com" }] },
  "mx.example.com": { A: ["192.0.2.25"] },
  "_dmarc.example.com": { TXT: ["v=DMARC1; p=reject; rua=mailto:dmarc@example.com"] },
  "s1._domainkey.example.com": { TXT: [dkimKey(2048)] },
};

export interface RuleCase {
  name: string;
  /** The description (default {@link baseOrg}). */
  org?: object;
  /** Owners merged over {@link baseDns} (an owner set to `null` is removed). */
  dns?: Record<string, FixtureOwner | null>;
  /** Run a domain check of this domain instead of an audit. */
  check?: string;
  /** DMARC aggregate reports given to the audit (see report-fixtures.ts). */
  reports?: AggregateReport[];
  /** More audit options (transport: an HTTPS fixture; probe: canned probe results). */
  options?: Omit<AuditOptions, "resolver" | "rules" | "now">;
}

export interface InvalidCase extends RuleCase {
  findings: { domain: string; path?: string; message: RegExp; severity?: Severity }[];
}

export async function runCase(ruleId: string, c: RuleCase): Promise<Finding[]> {
  const records: Record<string, FixtureOwner> = { ...baseDns };
  for (const [owner, data] of Object.entries(c.dns ?? {})) {
    if (data === null) delete records[owner];
    else records[owner] = data;
  }
  const resolver = new FixtureResolver({ version: 1, records });
  const options = {
    ...c.options,
    resolver,
    now: new Date("2026-11-23T09:00:00Z"),
    rules: { only: [ruleId] },
    ...(c.reports !== undefined ? { reports: { source: c.reports } } : {}),
  };
  const report = c.check !== undefined ? await checkDomain(c.check, options) : await audit(c.org ?? baseOrg, options);
  return report.findings;
}

/** Declares the tests of one rule. */
export function testRule(ruleId: string, cases: { valid: RuleCase[]; invalid: InvalidCase[] }): void {
  describe(`rule ${ruleId}`, () => {
    it("is registered with complete metadata", () => {
      const rule = getRule(ruleId);
      expect(rule?.meta.id).toBe(ruleId);
      expect(rule?.meta.title.length).toBeGreaterThan(10);
      expect(rule?.meta.references.length).toBeGreaterThan(0);
      expect(cases.valid.length).toBeGreaterThan(0);
      expect(cases.invalid.length).toBeGreaterThan(0);
    });
    it.each(cases.valid.map((c) => [c.name, c] as const))("valid: %s", async (_name, c) => {
      const findings = await runCase(ruleId, c);
      expect(findings.map((f) => `${f.domain}: ${f.message}`)).toEqual([]);
    });
    it.each(cases.invalid.map((c) => [c.name, c] as const))("invalid: %s", async (_name, c) => {
      const findings = await runCase(ruleId, c);
      expect(findings.length, findings.map((f) => f.message).join("\n")).toBe(c.findings.length);
      c.findings.forEach((want, i) => {
        const got = findings[i] as Finding;
        expect(got.ruleId).toBe(ruleId);
        expect(got.domain).toBe(want.domain);
        expect(got.path).toBe(want.path);
        expect(got.message).toMatch(want.message);
        expect(got.severity).toBe(want.severity ?? getRule(ruleId)?.meta.severity);
        expect(got.fix.length).toBeGreaterThan(0);
      });
    });
  });
}
