/**
 * The transport section in each format: the policies table and the probes table, what each cell
 * says, and hostile text from DNS or a server (HTML, Markdown, terminal escapes) made harmless.
 */
import { describe, expect, it } from "vitest";
import { reportSchema } from "../../src/audit/report-schema.ts";
import type { ProbeReport } from "../../src/audit/report-transport-types.ts";
import type { AuditReport } from "../../src/audit/report-types.ts";
import { lazyValidator } from "../../src/common/json-schema.ts";
import { formatHtml } from "../../src/report/html.ts";
import { formatMarkdown } from "../../src/report/markdown.ts";
import { formatText } from "../../src/report/text.ts";
import { probeCells } from "../../src/report/transport.ts";
import { checkReport } from "./samples.ts";

const EVIL = "<script>alert(1)</script>|`x`\u001b[31m";

function probeRow(over: Partial<ProbeReport> = {}): ProbeReport {
  return {
    host: "mx.example.com",
    port: 25,
    roles: ["mx"],
    domains: ["example.com"],
    address: "192.0.2.25",
    status: "probed",
    tlsMode: "starttls",
    banner: "220 mx.example.com ESMTP",
    starttls: true,
    tls: {
      protocol: "TLSv1.3",
      cipher: "TLS_AES_256_GCM_SHA384",
      valid: true,
      chainTrusted: true,
      chainError: null,
      nameMatches: true,
      expired: false,
      daysToExpiry: 80,
      subject: "CN=mx.example.com",
      issuer: "CN=R3",
      validTo: "2027-02-11T00:00:00.000Z",
      names: ["mx.example.com"],
    },
    authBeforeTls: false,
    relay: "refused",
    unknown: [],
    transcript: [`S: 220 ${EVIL}`],
    ...over,
  };
}

function report(): AuditReport {
  const r = checkReport("example.com", []);
  r.transport = {
    domains: [
      {
        domain: "example.com",
        mtaSts: {
          status: "valid",
          record: "v=STSv1; id=1",
          id: "1",
          policyUrl: "https://mta-sts.example.com/.well-known/mta-sts.txt",
          mode: "testing",
          mx: [EVIL],
          maxAge: 604800,
          uncovered: [],
        },
        tlsRpt: { status: "valid", record: "v=TLSRPTv1; rua=x", rua: [`mailto:${EVIL}`] },
        dane: { status: "absent", hosts: [{ host: "mx.example.com", status: "none", records: [] }] },
      },
    ],
    probes: [
      probeRow(),
      probeRow({
        host: "relay.example.com",
        port: 587,
        roles: ["smart-host"],
        starttls: false,
        tls: null,
        relay: "accepted",
      }),
      probeRow({
        host: "edge.example.com",
        port: 465,
        tlsMode: "implicit",
        starttls: null,
        authBeforeTls: null,
        tls: "unknown",
        relay: "unknown",
        unknown: [{ step: "tls", cause: "timeout", detail: "no handshake within 15000 ms" }],
      }),
      probeRow({
        host: "example-com.mail.protection.outlook.com",
        status: "provider",
        detail: "an MX host run by Microsoft 365 / Exchange Online, not by the organisation",
        address: null,
        tlsMode: null,
        banner: null,
        starttls: null,
        tls: null,
        authBeforeTls: null,
        relay: null,
        transcript: [],
      }),
    ],
  };
  return r;
}

describe("the transport section", () => {
  it("is valid against the report schema", () => {
    expect(lazyValidator(reportSchema)(report())).toEqual([]);
  });

  it("text: a policies table and a probes table, unknown said as unknown, escapes neutralised", () => {
    const text = formatText(report(), { width: Number.POSITIVE_INFINITY });
    expect(text).toContain("Transport security");
    expect(text).toMatch(/mx\.example\.com:25\s+192\.0\.2\.25\s+yes\s+TLSv1\.3\s+valid, 80 days left\s+no\s+refused/);
    expect(text).toMatch(/relay\.example\.com:587\s+192\.0\.2\.25\s+no\s+-\s+-\s+no\s+may relay/);
    expect(text).toMatch(
      /edge\.example\.com:465\s+192\.0\.2\.25\s+implicit TLS\s+unknown\s+unknown\s+-\s+unknown\s+tls: timeout/,
    );
    expect(text).toMatch(
      /example-com\.mail\.protection\.outlook\.com:25\s+-\s+-.*not probed: an MX host run by Microsoft 365/,
    );
    expect(text).not.toContain("\u001b[31m");
  });

  it("Markdown: escaped cells that cannot break the table", () => {
    const md = formatMarkdown(report());
    expect(md).toContain("### Transport security");
    expect(md).toContain("#### SMTP probes");
    expect(md).not.toContain("<script>");
    for (const line of md.split("\n").filter((l) => l.startsWith("| `mx.example.com:25`")))
      expect(line.split(/(?<!\\)\|/).length).toBe(10);
  });

  it("HTML: escaped, with each probe's transcript", () => {
    const html = formatHtml(report());
    expect(html).toContain('<h2 id="transport">Transport security</h2>');
    expect(html).toContain('<tr data-probe="relay.example.com:587">');
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).not.toContain("<script>");
  });

  it("no section without transport facts (turned off)", () => {
    const r = checkReport("example.com", []);
    expect(formatText(r)).not.toContain("Transport security");
    expect(formatMarkdown(r)).not.toContain("Transport security");
    expect(formatHtml(r)).not.toContain('id="transport"');
  });

  it.each([
    [{ chainTrusted: false, chainError: "CERT_HAS_EXPIRED", expired: true, valid: false }, "expired"],
    [{ chainTrusted: false, chainError: "DEPTH_ZERO_SELF_SIGNED_CERT", valid: false }, "untrusted"],
    [{ nameMatches: false, valid: false }, "wrong name"],
    [{ daysToExpiry: 5 }, "valid, 5 days left"],
  ])("certificate cell for %j: %s", (tls, text) => {
    const base = probeRow().tls as Exclude<ProbeReport["tls"], null | "unknown">;
    expect(probeCells(probeRow({ tls: { ...base, ...tls } })).certificate.text).toBe(text);
  });
});
