/** parseAggregateReport and parseTlsReport: the values read, shape by shape. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type AggregateParseResult, parseAggregateReport, parseTlsReport } from "../../src/reports/index.ts";
import { FIXTURES, reportXml } from "./helpers.ts";

const fixture = (name: string) => readFileSync(join(FIXTURES, name));
const xml = (s: string) => Buffer.from(s, "utf8");
function ok(r: AggregateParseResult) {
  if (!r.ok) throw new Error(`refused: ${r.error.message}`);
  return r;
}
const codes = (r: AggregateParseResult) => (r.ok ? r.problems.map((p) => p.code) : []);

describe("parseAggregateReport", () => {
  it("reads the RFC 9990 sample (namespace, np, testing, discovery_method, disposition pass)", () => {
    const r = ok(parseAggregateReport(fixture("aggregate/rfc9990-sample.xml")));
    expect(r.schema).toBe("rfc9990");
    expect(r.report).toEqual({
      version: "1.0",
      orgName: "Sample Reporter",
      email: "report_sender@example-reporter.com",
      reportId: "3v98abbp8ya9n3va8yr8oa3ya",
      begin: "1979-08-07T00:00:00.000Z",
      end: "1979-08-07T23:59:59.000Z",
      policy: {
        domain: "example.com",
        p: "quarantine",
        sp: "none",
        np: "none",
        adkim: null,
        aspf: null,
        pct: null,
        t: "n",
        discoveryMethod: "treewalk",
      },
      records: [
        {
          sourceIp: "192.0.2.123",
          count: 123,
          disposition: "pass",
          dkim: "pass",
          spf: "fail",
          reasons: [],
          headerFrom: "example.com",
          envelopeFrom: "example.com",
          envelopeTo: null,
          authResults: {
            dkim: [{ domain: "example.com", selector: "abc123", result: "pass" }],
            spf: [{ domain: "example.com", scope: null, result: "fail" }],
          },
        },
      ],
    });
  });

  it("lower-cases upper-case values and trims org_name", () => {
    const r = ok(parseAggregateReport(fixture("aggregate_invalid/report_with_upper_cased_pass.xml")));
    expect(r.report.orgName).toBe("example.com");
    expect(r.report.records[0]).toMatchObject({ disposition: "none", dkim: "pass", spf: "pass" });
    expect(r.report.records[0]?.authResults.dkim[0]?.result).toBe("pass");
    expect(codes(r)).toContain("missing-version");
  });

  it("falls back to the email's domain for an empty org_name", () => {
    const r = ok(parseAggregateReport(fixture("aggregate/!example.com!1538204542!1538463818.xml")));
    expect(r.report.orgName).toBe("accurateplastics.com");
    expect(codes(r)).toContain("org-name-from-email");
  });

  it("replaces invalid UTF-8 and says so", () => {
    const r = ok(parseAggregateReport(fixture("aggregate/invalid_utf_8.xml")));
    expect(codes(r)).toContain("invalid-utf8");
    expect(r.report.records[0]?.headerFrom).toContain("\uFFFD");
  });

  it("skips stray text, reports it", () => {
    const r = ok(parseAggregateReport(fixture("aggregate/example.net!example.com!1529366400!1529452799.xml")));
    expect(r.report.policy.sp).toBe("none");
    expect(codes(r)).toContain("stray-text");
  });

  it("finds <feedback> inside a wrapper element (ikea.com)", () => {
    const r = ok(parseAggregateReport(fixture("aggregate/ikea.com!example.de!1538690400!1538776800.xml")));
    expect(r.report.policy.domain).toBe("example.de");
    expect(codes(r)).toContain("wrapped-feedback");
  });

  it("reads the pre-RFC draft shape (dmarc.org wiki)", () => {
    const r = ok(parseAggregateReport(fixture("aggregate/old_draft_from_wiki.xml")));
    expect(r.report.version).toBeNull();
    expect(r.report.records[0]).toMatchObject({ sourceIp: "72.150.241.94", count: 2, headerFrom: "example.com" });
  });

  it.each([
    [
      "prefixed namespace",
      reportXml(2)
        .replace(/<(\/?)(\w+)/g, "<$1d:$2")
        .replace("<d:feedback>", '<d:feedback xmlns:d="http://dmarc.org/dmarc-xml/0.1">'),
    ],
    [
      "default namespace 2.0",
      reportXml(2).replace("<feedback>", '<feedback xmlns="urn:ietf:params:xml:ns:dmarc-2.0">'),
    ],
    [
      "elements out of order",
      reportXml(2)
        .replace(/(<version>1.0<\/version>)(<report_metadata>.*?<\/report_metadata>)/, "$2$1")
        .replace(/(<row>.*?<\/row>)(<identifiers>.*?<\/identifiers>)/g, "$2$1"),
    ],
    ["unknown elements", reportXml(2).replace(/<row>/g, "<row><extra><count>99</count></extra>")],
    ["CDATA and comments", reportXml(2).replace(/<p>none<\/p>/, "<p><![CDATA[none]]></p><!-- c -->")],
    ["UTF-16 with a BOM", null],
  ])("tolerates %s", (_name, text) => {
    const bytes =
      text === null
        ? Buffer.concat([
            Buffer.from([0xff, 0xfe]),
            Buffer.from(reportXml(2).replace('encoding="UTF-8"', 'encoding="UTF-16"'), "utf16le"),
          ])
        : xml(text);
    const r = ok(parseAggregateReport(bytes));
    expect(r.report.records.map((x) => x.count)).toEqual([1, 2]);
    expect(r.report.policy.p).toBe("none");
    expect(r.report.records[0]?.authResults.dkim[0]).toEqual({ domain: "example.com", selector: "s1", result: "pass" });
  });

  it("reads RFC 9990 reasons, a reason with empty type and an SPF-only auth_results", () => {
    const r = ok(parseAggregateReport(fixture("aggregate/rfc9990-example.net!example.com!1700000000!1700086399.xml")));
    expect(r.schema).toBe("rfc9990");
    const reasons = r.report.records.flatMap((x) => x.reasons);
    expect(reasons.some((x) => x.type === "other")).toBe(true);
    const empty = ok(parseAggregateReport(fixture("aggregate/empty_reason.xml")));
    expect(empty.report.records[0]?.reasons).toEqual([{ type: null, comment: null }]);
  });

  it.each([
    ["empty input", "", "empty"],
    ["not XML", "hello", "malformed-xml"],
    ["another XML document", "<html><body/></html>", "not-a-report"],
    ["a DOCTYPE", '<!DOCTYPE feedback [<!ENTITY x "y">]><feedback/>', "dtd-forbidden"],
    ["no report_id", reportXml(1).replace(/<report_id>.*?<\/report_id>/, ""), "missing-field"],
    ["no policy domain", reportXml(1).replace(/<domain>example.com<\/domain><adkim>/, "<adkim>"), "missing-field"],
    ["bad dates", reportXml(1).replace(/<begin>\d+<\/begin>/, "<begin>soon</begin>"), "missing-field"],
    ["truncated", reportXml(3).slice(0, 900), "malformed-xml"],
  ])("refuses %s", (_name, text, reason) => {
    const r = parseAggregateReport(xml(text));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.reason).toBe(reason);
  });

  it("skips a record without a count, with a problem; accepts trailing junk after </feedback>", () => {
    const text = reportXml(2).replace("<count>1</count>", "<count>many</count>") + "<junk>";
    const r = ok(parseAggregateReport(xml(text)));
    expect(r.report.records.length).toBe(1);
    expect(codes(r)).toEqual(expect.arrayContaining(["record-skipped"]));
  });

  it("refuses a report past maxRecords", () => {
    const r = parseAggregateReport(xml(reportXml(5)), { limits: { maxRecords: 4 } });
    expect(r.ok ? "ok" : r.error.reason).toBe("too-many-records");
  });
});

describe("parseTlsReport", () => {
  it("reads the RFC 8460 example", () => {
    const r = parseTlsReport(fixture("smtp_tls/rfc8460.json"));
    if (!r.ok) throw new Error(r.error.message);
    const p = r.report.policies[0];
    expect(r.report).toMatchObject({ organizationName: "Company-X", begin: "2016-04-01T00:00:00.000Z" });
    expect(p).toMatchObject({
      policyType: "sts",
      policyDomain: "company-y.example",
      mxHost: ["*.mail.company-y.example"],
      successfulSessions: 5326,
      failedSessions: 303,
      sessionsByResultType: { "certificate-expired": 100, "starttls-not-supported": 200, "validation-failure": 3 },
    });
    expect(p?.failures[2]?.failureReasonCode).toBe("X509_V_ERR_PROXY_PATH_LENGTH_EXCEEDED");
  });

  it("keeps Mail.ru's sts-policy-fetch-error and free-text reason codes", () => {
    const r = parseTlsReport(fixture("smtp_tls/mail.ru.json"));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.report.policies[0]?.sessionsByResultType).toEqual({ "sts-policy-fetch-error": 2 });
    expect(r.report.policies[0]?.failures.map((f) => f.failureReasonCode)).toEqual([
      "bad https response code: 404",
      "bad https response code: 500",
    ]);
  });

  it("decodes a policy-string given as a JSON string (Microsoft) and a missing policy-domain", () => {
    const report = {
      "organization-name": "Microsoft Corporation",
      "date-range": { "start-datetime": "2024-01-01T00:00:00Z", "end-datetime": "2024-01-01T23:59:59Z" },
      "report-id": "x",
      policies: [{ policy: { "policy-type": "tlsa", "policy-string": '["3 1 1 abcd"]' }, summary: {} }],
    };
    const r = parseTlsReport(Buffer.from(JSON.stringify(report)));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.report.policies[0]).toMatchObject({ policyString: ["3 1 1 abcd"], policyDomain: null });
    expect(r.problems.length).toBe(1);
  });

  it.each([
    ["", "empty"],
    ["{", "bad-json"],
    ["[]", "not-a-report"],
    ['{"policies": []}', "missing-field"],
  ])("refuses %j", (text, reason) => {
    const r = parseTlsReport(Buffer.from(text));
    expect(r.ok ? "ok" : r.error.reason).toBe(reason);
  });
});
