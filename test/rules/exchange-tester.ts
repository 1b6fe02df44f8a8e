/**
 * The table tester for the Exchange rules: like `testRule`, but each case also gives Exchange
 * exports, and runs once per format (Export-Clixml and ConvertTo-Json, as the writers shape them)
 * and per encoding the case asks for (UTF-8 by default; UTF-8 with BOM, UTF-16 LE/BE). Every run
 * reads the exports with `parseExchangeExports` (without problems), audits the description with
 * them (`audit(org, { resolver, exchange })`) and must give the same findings.
 */
import { describe, expect, it } from "vitest";
import { audit } from "../../src/audit/api.ts";
import type { Severity } from "../../src/common/severity.ts";
import { FixtureResolver } from "../../src/dns/fixture/resolver.ts";
import type { FixtureOwner } from "../../src/dns/fixture/types.ts";
import { parseExchangeExports } from "../../src/exchange/index.ts";
import { getRule } from "../../src/rules/index.ts";
import type { Finding } from "../../src/rules/types.ts";
import { type FxExport, toClixml, toJson } from "../exchange/hybrid/writers.ts";
import { baseDns, baseOrg } from "./rule-tester.ts";

export type Encoding = "utf-8" | "utf-8-bom" | "utf-16le" | "utf-16be";
export type Format = "clixml" | "json";

export interface ExchangeCase {
  name: string;
  exports: FxExport[];
  /** The description (default: the rule tester's `baseOrg`, example.com sending directly). */
  org?: object;
  /** Owners merged over the rule tester's `baseDns` (`null` removes one). */
  dns?: Record<string, FixtureOwner | null>;
  /** Extra encodings to run (UTF-8 always runs). */
  encodings?: Encoding[];
  /** The audit's clock (default 2026-11-23T09:00:00Z). */
  now?: string;
}

export interface InvalidExchangeCase extends ExchangeCase {
  findings: { domain: string; path?: string; message: RegExp; severity?: Severity; fix?: RegExp; evidence?: RegExp }[];
}

export function encode(text: string, encoding: Encoding): Uint8Array {
  if (encoding === "utf-8") return Buffer.from(text, "utf8");
  if (encoding === "utf-8-bom") return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")]);
  const body = Buffer.from(text, "utf16le");
  if (encoding === "utf-16be") body.swap16();
  return Buffer.concat([Buffer.from(encoding === "utf-16le" ? [0xff, 0xfe] : [0xfe, 0xff]), body]);
}

/** The export files of a case in one format and encoding, by path (`onprem/GetSendConnector.xml`). */
export function exportFiles(
  exports: readonly FxExport[],
  format: Format,
  encoding: Encoding,
): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  for (const exp of exports) {
    const text = format === "clixml" ? toClixml(exp) : toJson(exp);
    files[`${exp.environment}/${exp.name}.${format === "clixml" ? "xml" : "json"}`] = encode(text, encoding);
  }
  return files;
}

export async function runExchangeCase(
  ruleId: string,
  c: ExchangeCase,
  format: Format,
  encoding: Encoding,
): Promise<Finding[]> {
  const exchange = parseExchangeExports(exportFiles(c.exports, format, encoding));
  expect(exchange.problems).toEqual([]);
  const records: Record<string, FixtureOwner> = { ...baseDns };
  for (const [owner, data] of Object.entries(c.dns ?? {})) {
    if (data === null) delete records[owner];
    else records[owner] = data;
  }
  const resolver = new FixtureResolver({ version: 1, records });
  const report = await audit(c.org ?? baseOrg, {
    resolver,
    now: new Date(c.now ?? "2026-11-23T09:00:00Z"),
    rules: { only: [ruleId] },
    exchange,
  });
  return report.findings;
}

function runs<T extends ExchangeCase>(cases: T[]): [string, T, Format, Encoding][] {
  return cases.flatMap((c) =>
    (["clixml", "json"] as const).flatMap((format) =>
      (["utf-8", ...(c.encodings ?? [])] as Encoding[]).map(
        (encoding) => [`${c.name} [${format}, ${encoding}]`, c, format, encoding] as [string, T, Format, Encoding],
      ),
    ),
  );
}

/** Declares the tests of one Exchange rule. */
export function testExchangeRule(
  ruleId: string,
  cases: { valid: ExchangeCase[]; invalid: InvalidExchangeCase[] },
): void {
  describe(`rule ${ruleId}`, () => {
    it("is registered with complete metadata", () => {
      const rule = getRule(ruleId);
      expect(rule?.meta.id).toBe(ruleId);
      expect(rule?.meta.title.length).toBeGreaterThan(10);
      expect(rule?.meta.references.length).toBeGreaterThan(0);
      expect(cases.valid.length).toBeGreaterThan(0);
      expect(cases.invalid.length).toBeGreaterThan(0);
    });
    it("is silent without Exchange exports", async () => {
      for (const c of cases.invalid) {
        const records: Record<string, FixtureOwner> = { ...baseDns };
        for (const [owner, data] of Object.entries(c.dns ?? {})) if (data !== null) records[owner] = data;
        const report = await audit(c.org ?? baseOrg, {
          resolver: new FixtureResolver({ version: 1, records }),
          now: new Date("2026-11-23T09:00:00Z"),
          rules: { only: [ruleId] },
        });
        expect(report.findings).toEqual([]);
      }
    });
    it.each(runs(cases.valid))("valid: %s", async (_name, c, format, encoding) => {
      const findings = await runExchangeCase(ruleId, c, format, encoding);
      expect(findings.map((f) => `${f.domain}: ${f.message}`)).toEqual([]);
    });
    it.each(runs(cases.invalid))("invalid: %s", async (_name, c, format, encoding) => {
      const findings = await runExchangeCase(ruleId, c, format, encoding);
      expect(findings.length, findings.map((f) => f.message).join("\n")).toBe(c.findings.length);
      c.findings.forEach((want, i) => {
        const got = findings[i] as Finding;
        expect(got.ruleId).toBe(ruleId);
        expect(got.domain).toBe(want.domain);
        expect(got.path).toBe(want.path);
        expect(got.message).toMatch(want.message);
        expect(got.severity).toBe(want.severity ?? getRule(ruleId)?.meta.severity);
        expect(got.fix.length).toBeGreaterThan(0);
        if (want.fix !== undefined) expect(got.fix).toMatch(want.fix);
        const exchangeEvidence = got.evidence.filter((e) => "kind" in e && e.kind === "exchange");
        expect(exchangeEvidence.length).toBeGreaterThan(0);
        if (want.evidence !== undefined) expect(JSON.stringify(got.evidence)).toMatch(want.evidence);
      });
    });
  });
}
