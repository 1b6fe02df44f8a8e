/**
 * Reconciliation of DMARC reports with the description (src/facts/reports.ts): the classes, the
 * bounded and cached PTR lookups (unknown is not absent), the store as input with its window, the
 * bounds on sources, and a property: random records never throw and no message is lost.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type AuditOptions, audit } from "../../src/audit/api.ts";
import { reportSchema } from "../../src/audit/report-schema.ts";
import { lazyValidator } from "../../src/common/json-schema.ts";
import { FixtureResolver } from "../../src/dns/fixture/resolver.ts";
import type { FixtureOwner } from "../../src/dns/fixture/types.ts";
import { openSqliteReportStore } from "../../src/reports/sqlite-store.ts";
import type { AggregateRecord, AggregateReport } from "../../src/reports/types.ts";
import { report as aggregate, direct, rec } from "../rules/report-fixtures.ts";
import { baseDns, baseOrg } from "../rules/rule-tester.ts";

const NOW = new Date("2026-11-23T09:00:00Z");
const validate = lazyValidator(reportSchema);

async function run(
  reports: AggregateReport[] | AuditOptions["reports"],
  dns: Record<string, FixtureOwner> = {},
  org: object = baseOrg,
) {
  const resolver = new FixtureResolver({ version: 1, records: { ...baseDns, ...dns } });
  const input = Array.isArray(reports) ? { source: reports } : reports;
  const report = await audit(org, { resolver, now: NOW, ...(input !== undefined ? { reports: input } : {}) });
  expect(validate(report)).toEqual([]);
  return report;
}

const row = (report: Awaited<ReturnType<typeof run>>, ip: string) => report.senders?.rows.find((r) => r.ip === ip);

describe("reconciling reports with the description", () => {
  it("classifies path, provider, forwarder and unknown sources, each with why", async () => {
    const report = await run([
      aggregate([
        direct(500),
        rec("198.51.100.30", 40, { spfAuth: [["mail1.atl91.mcsv.net", "pass"]] }),
        rec("203.0.113.9", 12, { reasons: ["forwarded"] }),
        rec("203.0.113.66", 7),
      ]),
    ]);
    expect(report.senders?.classes).toEqual([
      { class: "path", sources: 1, messages: 500, dmarcPass: 500 },
      { class: "provider", sources: 1, messages: 40, dmarcPass: 0 },
      { class: "forwarder", sources: 1, messages: 12, dmarcPass: 0 },
      { class: "unknown", sources: 1, messages: 7, dmarcPass: 0 },
    ]);
    expect(row(report, "192.0.2.10")).toMatchObject({
      class: "path",
      path: "direct",
      why: "an egress address of path direct",
    });
    expect(row(report, "198.51.100.30")).toMatchObject({ class: "provider", provider: "Intuit Mailchimp (marketing)" });
    expect(row(report, "203.0.113.9")?.why).toBe("receivers gave the override reason forwarded for 12 of 12 messages");
    expect(row(report, "203.0.113.66")?.ptr).toEqual({ status: "none" });
  });

  it("recognises a provider path by its networks from the provider's SPF include, expanded through DNS", async () => {
    const org = {
      ...baseOrg,
      providers: [{ id: "sg", catalog: "sendgrid" }],
      paths: [
        {
          id: "news",
          from: ["example.com"],
          via: { provider: "sg" },
          dkim: [{ domain: "example.com", selector: "s1" }],
        },
      ],
    };
    const report = await run(
      [
        aggregate([
          rec("167.89.1.2", 30, {
            dkim: "pass",
            dkimAuth: [["example.com", "s1", "pass"]],
            spfAuth: [["sendgrid.net", "pass"]],
          }),
        ]),
      ],
      { "sendgrid.net": { TXT: ["v=spf1 ip4:167.89.0.0/17 ~all"] } },
      org,
    );
    expect(row(report, "167.89.1.2")).toMatchObject({
      class: "path",
      path: "news",
      why: "in the SPF networks of Twilio SendGrid of path news",
    });
  });

  it("uses a described selector when the addresses are unknown, and calls it a forwarder when they are known", async () => {
    const blind = {
      ...baseOrg,
      smartHosts: [{ id: "relay", hostname: "relay.example.com" }],
      paths: [
        {
          id: "relayed",
          from: ["example.com"],
          via: { smartHost: "relay" },
          dkim: [{ domain: "example.com", selector: "s1" }],
        },
      ],
    };
    const signed = rec("198.51.100.5", 9, {
      dkim: "pass",
      dkimAuth: [["example.com", "s1", "pass"]],
      spfAuth: [["example.com", "fail"]],
    });
    const unknown = await run(
      [aggregate([signed])],
      { "relay.example.com": { A: { timeout: true }, AAAA: { timeout: true } } },
      blind,
    );
    expect(row(unknown, "198.51.100.5")).toMatchObject({
      class: "path",
      path: "relayed",
      why: "signed as path relayed signs (d=example.com s=s1)",
    });
    const known = await run([aggregate([signed])]);
    expect(row(known, "198.51.100.5")?.class).toBe("forwarder");
  });

  it("treats mail signed through one provider and relayed by another as forwarded", async () => {
    const org = {
      ...baseOrg,
      providers: [{ id: "sg", catalog: "sendgrid" }],
      paths: [{ id: "news", from: ["example.com"], via: { provider: "sg" } }],
    };
    const report = await run(
      [
        aggregate([
          rec("209.85.220.41", 5, {
            dkim: "pass",
            dkimAuth: [["sendgrid.net", "s1", "pass"]],
            spfAuth: [["example.com", "softfail"]],
          }),
        ]),
      ],
      {
        "sendgrid.net": { TXT: ["v=spf1 ip4:167.89.0.0/17 ~all"] },
        "41.220.85.209.in-addr.arpa": { PTR: ["mail-sor-f41.google.com"] },
        "mail-sor-f41.google.com": { A: ["209.85.220.41"] },
      },
      org,
    );
    expect(row(report, "209.85.220.41")).toMatchObject({ class: "forwarder", provider: "Google Workspace (Gmail)" });
  });

  it("looks up the PTR names of the most voluminous sources only, each once, and says which were not asked", async () => {
    const records = [direct(500), ...[1, 2, 3, 4, 5].map((i) => rec(`203.0.113.${i}`, 100 - i))];
    const report = await run({
      source: [aggregate(records), aggregate(records, { day: "2026-11-21" })],
      maxPtrLookups: 3,
    });
    expect(report.senders?.ptr).toEqual({ asked: 3, limit: 3, notAsked: 3, failed: 0 });
    expect(report.senders?.rows.map((r) => [r.ip, r.ptr.status])).toEqual([
      ["192.0.2.10", "none"],
      ["203.0.113.1", "none"],
      ["203.0.113.2", "none"],
      ["203.0.113.3", "not-asked"],
      ["203.0.113.4", "not-asked"],
      ["203.0.113.5", "not-asked"],
    ]);
    const ptrQuestions = report.dns.log.filter((q) => q.type === "PTR").map((q) => q.name);
    expect(ptrQuestions).toEqual([...new Set(ptrQuestions)]);
    expect(ptrQuestions.length).toBe(3);
  });

  it("keeps a failed PTR lookup unknown (never 'no PTR'), reports it as unknown, and does not call the audit blind", async () => {
    const failing: Record<string, FixtureOwner> = {};
    for (let i = 1; i <= 40; i++) failing[`${i}.113.0.203.in-addr.arpa`] = { PTR: { timeout: true } };
    const report = await run(
      [aggregate([direct(500), ...Array.from({ length: 40 }, (_, i) => rec(`203.0.113.${i + 1}`, 2))])],
      failing,
    );
    expect(row(report, "203.0.113.1")?.ptr).toEqual({ status: "unknown" });
    expect(report.senders?.ptr.failed).toBe(40);
    expect(report.summary.blind).toBeUndefined();
    const temp = report.findings.filter((f) => f.ruleId === "dns-temperror");
    expect(temp.map((f) => f.message)).toEqual([
      expect.stringMatching(/reverse DNS \(PTR\) of report sources of example\.com/),
    ]);
  });

  it("does not let a PTR name that is not forward-confirmed name the provider", async () => {
    const report = await run([aggregate([direct(500), rec("203.0.113.50", 20)])], {
      "50.113.0.203.in-addr.arpa": { PTR: ["o1.ptr1.sendgrid.net"] },
      "o1.ptr1.sendgrid.net": { A: ["198.51.100.1"] },
    });
    expect(row(report, "203.0.113.50")).toMatchObject({
      class: "unknown",
      provider: "Twilio SendGrid",
      ptr: { status: "found", name: "o1.ptr1.sendgrid.net", confirmed: false },
    });
  });

  it("reads an opened store within the window, like the same reports parsed", async () => {
    const reports = [
      aggregate([direct(100), rec("203.0.113.7", 3)], { day: "2026-10-01" }),
      aggregate([direct(200), rec("203.0.113.8", 4)], { day: "2026-11-20" }),
    ];
    const opened = await openSqliteReportStore(":memory:");
    if (!opened.ok) throw new Error(opened.error);
    const store = opened.store;
    for (const r of reports) {
      const pending = await store.beginAggregate("test");
      await pending.add(r.records);
      const { records: _, ...header } = r;
      await pending.commit(header, { schema: "rfc7489", problems: [] });
    }
    const fromStore = await run({ source: store, since: "2026-11-01T00:00:00Z" });
    const parsed = await run({ source: reports, since: new Date("2026-11-01T00:00:00Z") });
    await store.close();
    expect(fromStore.senders).toEqual(parsed.senders);
    expect(fromStore.senders?.reports).toBe(1);
    expect(fromStore.senders?.rows.map((r) => [r.ip, r.messages])).toEqual([
      ["192.0.2.10", 200],
      ["203.0.113.8", 4],
    ]);
  });

  it("keeps at most maxSources sources and counts the rest", async () => {
    const records = Array.from({ length: 30 }, (_, i) => rec(`203.0.113.${i + 1}`, 1));
    const report = await run({ source: [aggregate(records)], maxSources: 10, maxPtrLookups: 0 });
    expect(report.senders?.rows.length).toBe(10);
    expect(report.senders?.more).toBe(20);
    expect(report.senders?.messages).toBe(30);
  });

  it("does not call a path unseen when its traffic went to another path with the same addresses", async () => {
    const org = {
      ...baseOrg,
      paths: [
        { id: "a", from: ["example.com"], via: { direct: { ips: ["192.0.2.10"] } } },
        { id: "b", from: ["example.com"], via: { direct: { ips: ["192.0.2.10"] } } },
      ],
    };
    const resolver = new FixtureResolver({ version: 1, records: baseDns });
    const report = await audit(org, {
      resolver,
      now: NOW,
      reports: { source: [aggregate([direct(10)])] },
      rules: { only: ["report-path-unseen"] },
    });
    expect(report.findings).toEqual([]);
  });

  it("at p=none, replaces dmarc-policy-none with the readiness finding (one cause, one finding)", async () => {
    const resolver = new FixtureResolver({
      version: 1,
      records: { ...baseDns, "_dmarc.example.com": { TXT: ["v=DMARC1; p=none; rua=mailto:d@example.com"] } },
    });
    const rules = { only: ["dmarc-policy-none", "report-policy-readiness"] };
    const without = await audit(baseOrg, { resolver, now: NOW, rules });
    expect(without.findings.map((f) => f.ruleId)).toEqual(["dmarc-policy-none"]);
    const withReports = await audit(baseOrg, {
      resolver,
      now: NOW,
      rules,
      reports: { source: [aggregate([direct(10)])] },
    });
    expect(withReports.findings.map((f) => f.ruleId)).toEqual(["report-policy-readiness"]);
  });

  it("names the likely provider of an unknown source in the evidence", async () => {
    const resolver = new FixtureResolver({
      version: 1,
      records: {
        ...baseDns,
        "50.113.0.203.in-addr.arpa": { PTR: ["o1.ptr1.sendgrid.net"] },
        "o1.ptr1.sendgrid.net": { A: ["198.51.100.1"] },
      },
    });
    const report = await audit(baseOrg, {
      resolver,
      now: NOW,
      rules: { only: ["report-undeclared-sender"] },
      reports: { source: [aggregate([rec("203.0.113.50", 20)])] },
    });
    const evidence = report.findings[0]?.evidence[0];
    expect(evidence && "lines" in evidence ? evidence.lines : []).toEqual([
      "203.0.113.50: 20 messages, DMARC pass 0 (0%) · PTR o1.ptr1.sendgrid.net (not forward-confirmed) · likely Twilio SendGrid (by its PTR name alone)",
    ]);
  });

  it("never throws on random records, and loses no message (sources + unlisted + overflow = all)", async () => {
    const ip = fc.oneof(fc.ipV4(), fc.constantFrom("192.0.2.10", "2001:db8::1", "not-an-ip", ""));
    const result = fc.constantFrom("pass", "fail", "none", "softfail", "temperror", null);
    const record = fc.record({
      sourceIp: ip,
      count: fc.integer({ min: 0, max: 1000 }),
      disposition: fc.constantFrom("none", "quarantine", "reject", "pass", null),
      dkim: fc.constantFrom("pass", "fail", null),
      spf: fc.constantFrom("pass", "fail", null),
      reasons: fc.array(
        fc.record({
          type: fc.constantFrom("forwarded", "mailing_list", "local_policy", null),
          comment: fc.constant(null),
        }),
        { maxLength: 2 },
      ),
      headerFrom: fc.constantFrom("example.com", "EXAMPLE.com", "other.example", null),
      envelopeFrom: fc.constant(null),
      envelopeTo: fc.constant(null),
      authResults: fc.record({
        dkim: fc.array(
          fc.record({
            domain: fc.constantFrom("example.com", "mcsv.net", "x"),
            selector: fc.constantFrom("s1", "k1", null),
            result,
          }),
          { maxLength: 2 },
        ),
        spf: fc.array(
          fc.record({
            domain: fc.constantFrom("example.com", "sendgrid.net", ""),
            scope: fc.constantFrom("mfrom", null),
            result,
          }),
          { maxLength: 2 },
        ),
      }),
    }) as fc.Arbitrary<AggregateRecord>;
    await fc.assert(
      fc.asyncProperty(fc.array(record, { maxLength: 30 }), async (records) => {
        const report = await run({ source: [aggregate(records)], maxPtrLookups: 0 });
        const s = report.senders;
        const total = records.reduce((n, r) => n + r.count, 0);
        const sources = (s?.classes ?? []).reduce((n, c) => n + c.messages, 0);
        const unlisted = (s?.unlistedDomains ?? []).reduce((n, u) => n + u.messages, 0);
        expect(sources + unlisted).toBe(total);
        expect(s?.messages).toBe(total);
      }),
      { numRuns: 40 },
    );
  });
});
