/** The size limits of one finding, of the engine's output and of a whole report (docs/security.md). */
import { describe, expect, it } from "vitest";
import { capReport, REPORT_LIMITS } from "../../src/audit/report-caps.ts";
import { reportSchema } from "../../src/audit/report-schema.ts";
import { lazyValidator } from "../../src/common/json-schema.ts";
import type { DnsEvidence } from "../../src/dns/evidence.ts";
import type { ObservedEvidence } from "../../src/facts/evidence.ts";
import { runRulesDetailed } from "../../src/rules/engine.ts";
import { capFinding } from "../../src/rules/finding-caps.ts";
import type { Finding, Rule } from "../../src/rules/types.ts";
import { sampleReport } from "../report/samples.ts";

const txt = (records: string[], name = "victim.example"): DnsEvidence => ({ name, type: "TXT", status: "ok", records });
const finding = (evidence: Finding["evidence"], extra: Partial<Finding> = {}): Finding => ({
  ruleId: "spf-syntax",
  severity: "error",
  domain: "victim.example",
  message: "m",
  evidence,
  references: [],
  fix: "f",
  ...extra,
});
const junk = (n: number, size = 250) => Array.from({ length: n }, (_, i) => `junk${i} ${"x".repeat(size)}`);
const bytes = (list: string[]) => list.reduce((s, r) => s + Buffer.byteLength(r), 0);

describe("capFinding: the record that matters, the rest as a count and a size", () => {
  it("shows only the v= record among 200 others, and counts them", () => {
    const others = junk(200);
    const capped = capFinding(finding([txt([...others.slice(0, 100), "v=spf1 -all", ...others.slice(100)])]));
    expect(capped.evidence[0]).toMatchObject({
      records: ["v=spf1 -all"],
      omitted: { count: 200, bytes: bytes(others) },
    });
  });

  it("shows the first four records when none starts with v=", () => {
    const records = junk(10);
    const e = capFinding(finding([txt(records)])).evidence[0] as DnsEvidence;
    expect(e.records).toEqual(records.slice(0, 4));
    expect(e.omitted).toEqual({ count: 6, bytes: bytes(records.slice(4)) });
  });

  it("cuts a record longer than 4,096 characters and counts the bytes cut", () => {
    const long = `v=DKIM1; p=${"A".repeat(10_000)}`;
    const e = capFinding(finding([txt([long])])).evidence[0] as DnsEvidence;
    expect(e.records[0]).toBe(`${long.slice(0, 4096)}…`);
    expect(e.omitted).toEqual({ count: 0, bytes: long.length - 4096 });
  });

  it("keeps the first six and the last two of 20 pieces of evidence (a path's root and its end)", () => {
    const pieces = Array.from({ length: 20 }, (_, i) => txt([`v=spf1 -all ${i}`], `n${i}.example`));
    const capped = capFinding(finding(pieces));
    expect(capped.evidence.map((e) => (e as DnsEvidence).name)).toEqual([
      "n0.example",
      "n1.example",
      "n2.example",
      "n3.example",
      "n4.example",
      "n5.example",
      "n18.example",
      "n19.example",
    ]);
    expect(capped.omittedEvidence?.count).toBe(12);
  });

  it("shows at most 16 KiB of record text in all (the first piece always)", () => {
    const piece = (i: number) =>
      txt([`v=spf1 ${"a".repeat(4000)} ${i}`, `v=spf1 ${"b".repeat(4000)}`], `n${i}.example`);
    const capped = capFinding(finding([piece(0), piece(1), piece(2), piece(3)]));
    expect(capped.evidence).toHaveLength(2);
    expect(capped.omittedEvidence?.count).toBe(2);
  });

  it("cuts a long message and fix, saying how much", () => {
    const capped = capFinding(finding([], { message: "m".repeat(10_000), fix: "f".repeat(20_000) }));
    expect(capped.message).toBe(`${"m".repeat(4096)}… (5,904 more bytes not shown)`);
    expect(capped.fix).toBe(`${"f".repeat(16_384)}… (3,616 more bytes not shown)`);
  });

  it("shows an observation's first 32 lines, in order", () => {
    const lines = Array.from({ length: 100 }, (_, i) => `250-line ${i}`);
    const e: ObservedEvidence = { kind: "smtp", source: "smtp://mx.example:25", lines };
    const capped = capFinding(finding([e])).evidence[0] as ObservedEvidence;
    expect(capped.lines).toEqual(lines.slice(0, 32));
    expect(capped.omitted?.count).toBe(68);
  });

  it("returns a finding within the limits unchanged", () => {
    const f = finding([txt(["v=spf1 -all", "google-site-verification=abc"])]);
    expect(capFinding(f)).toEqual(f);
  });
});

describe("the engine lists at most 10 findings of one rule about one domain or path", () => {
  const rule = (id: string, n: number, path?: string, supersedes?: string[]): Rule<null> => ({
    meta: { id, severity: "warning", scope: "domain", title: id, description: id, references: [], fix: "" },
    check: ({ report }) => {
      for (let i = 0; i < n; i++)
        report({
          domain: "a.example",
          message: `${id} ${i}`,
          ...(path ? { path } : {}),
          ...(supersedes ? { supersedes } : {}),
        });
    },
  });

  it("counts the others by severity, with their size", () => {
    const run = runRulesDetailed([rule("many", 30), rule("few", 3)], null);
    expect(run.findings.filter((f) => f.ruleId === "many")).toHaveLength(10);
    expect(run.findings.filter((f) => f.ruleId === "few")).toHaveLength(3);
    expect(run.notListed).toEqual({ error: 0, warning: 20, info: 0, bytes: 20 * "many 10".length });
  });

  it("does not count findings another finding supersedes", () => {
    const run = runRulesDetailed([rule("many", 30), rule("cause", 1, undefined, ["many"])], null);
    expect(run.findings.map((f) => f.ruleId)).toEqual(["cause"]);
    expect(run.notListed.warning).toBe(0);
  });
});

describe("capReport: the limits of a whole report, stated in summary.truncated", () => {
  const validate = lazyValidator(reportSchema);

  it("lists the first 5,000 findings, counts the rest, and keeps the summary's counts", () => {
    const report = sampleReport();
    const base = report.findings[0] as Finding;
    report.findings = Array.from({ length: 6_000 }, (_, i) => ({ ...base, message: `finding ${i}` }));
    report.summary.findings = { error: 6_000, warning: 0, info: 0 };
    const capped = capReport(report);
    expect(capped.findings).toHaveLength(REPORT_LIMITS.findings);
    expect(capped.summary.findings.error).toBe(6_000);
    expect(capped.summary.truncated?.findings).toBe(1_000);
    expect(capped.summary.truncated?.note).toMatch(/1,000 findings not listed/);
    expect(validate(capped)).toEqual([]);
  });

  it("drops evidence past 4 MiB of it (the findings stay), the log past 10,000 entries, and cuts long strings", () => {
    const report = sampleReport();
    const base = report.findings[0] as Finding;
    const big = txt([`v=spf1 ${"x".repeat(4000)}`, `v=spf1 ${"y".repeat(4000)}`]);
    report.findings = Array.from({ length: 1_000 }, () => ({ ...base, evidence: [big, big] }));
    const entry = report.dns.log[0];
    if (entry === undefined) throw new Error("sample has no log");
    report.dns.log = Array.from({ length: 12_000 }, () => entry);
    const domain = report.domains[0];
    if (domain === undefined) throw new Error("sample has no domain");
    domain.spf.record = "v=spf1 ".padEnd(10_000, "z");
    const capped = capReport(report);
    const withEvidence = capped.findings.filter((f) => f.evidence.length > 0).length;
    expect(withEvidence).toBeGreaterThan(200);
    expect(withEvidence).toBeLessThan(300);
    expect(capped.findings).toHaveLength(1_000);
    expect(capped.findings.at(-1)?.omittedEvidence).toEqual({ count: 2, bytes: 2 * 4007 * 2 });
    expect(capped.dns.log).toHaveLength(10_000);
    expect(capped.summary.truncated?.log).toBe(2_000);
    expect(capped.domains[0]?.spf.record).toHaveLength(REPORT_LIMITS.fieldChars + 1);
    expect(validate(capped)).toEqual([]);
  });

  it("leaves a report within every limit as it is, without a truncated note", () => {
    const report = sampleReport();
    expect(capReport(report)).toBe(report);
  });
});
