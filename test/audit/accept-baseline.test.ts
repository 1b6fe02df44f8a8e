/**
 * Acknowledged findings (`accept` on a path or a domain) and baselines (issue 13 §4): still
 * reported, marked, and not counted for the status nor `--fail-on`; SARIF carries suppressions and
 * the fingerprints.
 */
import { describe, expect, it } from "vitest";
import { audit } from "../../src/audit/api.ts";
import { applyBaseline, createBaseline, readBaseline } from "../../src/audit/baseline.ts";
import { fingerprintFindings, fingerprintKey } from "../../src/audit/fingerprint.ts";
import { FixtureResolver } from "../../src/dns/fixture/resolver.ts";
import { OrgError } from "../../src/org/load.ts";
import { FINDING_FINGERPRINT_KEY, formatSarif } from "../../src/report/sarif.ts";
import { formatText } from "../../src/report/text.ts";
import type { Finding } from "../../src/rules/types.ts";
import { baseDns } from "../rules/rule-tester.ts";

const NOW = new Date("2026-11-23T09:00:00Z");
const resolver = () =>
  new FixtureResolver({
    version: 1,
    records: { ...baseDns, "_dmarc.example.com": { TXT: ["v=DMARC1; p=none; rua=mailto:d@example.com"] } },
  });

/** example.com sends directly from an address its SPF does not list (an error), with DMARC p=none (a warning). */
const org = (accept: { domain?: object[]; path?: object[] } = {}) => ({
  version: 1,
  domains: [{ name: "example.com", ...(accept.domain ? { accept: accept.domain } : {}) }],
  paths: [
    {
      id: "direct",
      from: ["example.com"],
      via: { direct: { ips: ["203.0.113.9"] } },
      dkim: [{ domain: "example.com", selector: "s1" }],
      ...(accept.path ? { accept: accept.path } : {}),
    },
  ],
});

describe("accept: acknowledged findings", () => {
  it("marks a path's accepted finding with its reason; it no longer counts for the status", async () => {
    const plain = await audit(org(), { resolver: resolver(), now: NOW });
    expect(plain.summary.status).toBe("fail");
    const report = await audit(
      org({ path: [{ rule: "direct-not-authorized", reason: "retired in June (MAIL-142)" }] }),
      {
        resolver: resolver(),
        now: NOW,
      },
    );
    const f = report.findings.find((x) => x.ruleId === "direct-not-authorized");
    expect(f?.accepted).toEqual({ reason: "retired in June (MAIL-142)" });
    expect(report.summary).toMatchObject({ status: "warn", findings: { error: 1 }, accepted: 1 });
    expect(formatText(report)).toMatch(
      /\[direct-not-authorized\] example\.com · path direct \(accepted\)\n(?:.*\n)+?\s+Accepted: retired in June/,
    );
    const result = JSON.parse(formatSarif(report)).runs[0].results.find(
      (r: { ruleId: string }) => r.ruleId === "direct-not-authorized",
    );
    expect(result.suppressions).toEqual([
      { kind: "external", status: "accepted", justification: "retired in June (MAIL-142)" },
    ]);
  });

  it("a domain's accept covers its paths' findings too", async () => {
    const report = await audit(
      org({
        domain: [
          { rule: "dmarc-policy-none", reason: "quarantine after the Q3 review" },
          { rule: "direct-not-authorized", reason: "known" },
        ],
      }),
      { resolver: resolver(), now: NOW },
    );
    expect(report.findings.filter((f) => f.accepted === undefined).map((f) => f.ruleId)).toEqual([]);
    expect(report.summary.status).toBe("pass");
  });

  it("refuses an unknown rule id with a did-you-mean, and a rule accepted twice", async () => {
    const attempt = audit(org({ domain: [{ rule: "dmarc-policy-nnoe", reason: "x" }] }), {
      resolver: resolver(),
      now: NOW,
    });
    await expect(attempt).rejects.toBeInstanceOf(OrgError);
    await expect(attempt).rejects.toThrow(
      '$.domains[0].accept[0].rule: unknown rule id "dmarc-policy-nnoe" (did you mean "dmarc-policy-none"?)',
    );
    await expect(
      audit(
        org({
          path: [
            { rule: "path-dmarc-fail", reason: "a" },
            { rule: "path-dmarc-fail", reason: "b" },
          ],
        }),
        { resolver: resolver(), now: NOW },
      ),
    ).rejects.toThrow('$.paths[0].accept[1].rule: rule "path-dmarc-fail" is accepted twice here');
    // The schema refuses an entry without a reason.
    await expect(
      audit(org({ path: [{ rule: "path-dmarc-fail" }] }), { resolver: resolver(), now: NOW }),
    ).rejects.toThrow(/missing required field "reason"/);
  });

  it("accepts the ids of the caller's own rules", async () => {
    const report = await audit(org({ domain: [{ rule: "my-rule", reason: "ours" }] }), {
      resolver: resolver(),
      now: NOW,
      extraRules: [
        {
          meta: {
            id: "my-rule",
            severity: "error",
            scope: "domain",
            title: "t",
            description: "d",
            references: [],
            fix: "f",
          },
          check: ({ report }) => report({ domain: "example.com", message: "mine" }),
        },
      ],
    });
    expect(report.findings.find((f) => f.ruleId === "my-rule")?.accepted).toEqual({ reason: "ours" });
  });
});

describe("fingerprints and baselines", () => {
  const f = (extra: Partial<Finding>): Finding => ({
    ruleId: "spf-missing",
    severity: "error",
    domain: "example.com",
    message: "m",
    evidence: [{ name: "example.com", type: "TXT", status: "nxdomain", records: [], ttl: 300 }],
    references: [],
    fix: "",
    ...extra,
  });

  it("come from rule, domain, path and the evidence's names: not from wording, TTLs or case", () => {
    const a = [f({})];
    const b = [
      f({
        message: "other words",
        domain: "EXAMPLE.com",
        evidence: [{ name: "Example.COM.", type: "txt", status: "nxdomain", records: [], ttl: 60 }],
      }),
    ];
    fingerprintFindings(a);
    fingerprintFindings(b);
    expect(a[0]?.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(b[0]?.fingerprint).toBe(a[0]?.fingerprint);
    const c = [f({ path: "p" }), f({ evidence: [] }), f({ ruleId: "dmarc-missing" }), f({}), f({})];
    fingerprintFindings(c);
    // Different findings differ; two identical ones still get two fingerprints.
    expect(new Set(c.map((x) => x.fingerprint)).size).toBe(5);
    expect(fingerprintKey(c[3] as Finding)).toBe(fingerprintKey(c[4] as Finding));
  });

  it("a baseline of an audit marks every finding of the same audit, and only new ones count", async () => {
    const report = await audit(org(), { resolver: resolver(), now: NOW });
    const baseline = createBaseline(report);
    expect(baseline.findings.length).toBe(report.findings.length);
    const read = readBaseline(JSON.parse(JSON.stringify(baseline)));
    if (!read.ok) throw new Error(read.error);
    const again = await audit(org(), { resolver: resolver(), now: NOW, baseline: read.fingerprints });
    expect(again.findings.every((x) => x.baselined === true)).toBe(true);
    expect(again.summary).toMatchObject({ status: "pass", baselined: report.findings.length });
    expect(JSON.parse(formatSarif(again)).runs[0].results[0].baselineState).toBe("unchanged");
    // Another address on the same path is the same finding (same rule, domain, path, evidence names) ...
    const more = org();
    (more.paths[0] as { via: { direct: { ips: string[] } } }).via.direct.ips.push("203.0.113.10");
    const same = await audit(more, { resolver: resolver(), now: NOW, baseline: read.fingerprints });
    expect(same.summary.status).toBe("pass");
    // ... a new path with the same mistake is a new finding: it counts.
    const other = org();
    other.paths.push({ ...(other.paths[0] as (typeof other.paths)[number]), id: "direct2" });
    const changed = await audit(other, { resolver: resolver(), now: NOW, baseline: read.fingerprints });
    expect(changed.findings.filter((x) => !x.baselined && x.severity === "error").map((x) => x.path)).toEqual([
      "direct2",
    ]);
    expect(changed.summary.status).toBe("fail");
  });

  it("SARIF carries each finding's fingerprint in partialFingerprints", async () => {
    const report = await audit(org(), { resolver: resolver(), now: NOW });
    const results = JSON.parse(formatSarif(report)).runs[0].results as {
      partialFingerprints: Record<string, string>;
    }[];
    expect(results.map((r) => r.partialFingerprints[FINDING_FINGERPRINT_KEY])).toEqual(
      report.findings.map((x) => x.fingerprint),
    );
  });

  it("readBaseline refuses what is not a baseline, and applyBaseline marks only matches", () => {
    expect(
      readBaseline({
        version: 1,
        kind: "email-auth-audit-baseline",
        generatedAt: "x",
        findings: [{ fingerprint: "zz", ruleId: "a", domain: "b" }],
      }),
    ).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^not a baseline file: \$\.findings\[0\]\.fingerprint/),
    });
    expect(readBaseline([])).toMatchObject({ ok: false });
    const list = [f({ fingerprint: "a".repeat(32) }), f({ fingerprint: "b".repeat(32) })];
    applyBaseline(list, ["b".repeat(32)]);
    expect(list.map((x) => x.baselined)).toEqual([undefined, true]);
  });
});
