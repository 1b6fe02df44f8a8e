/**
 * End to end: `check … --probe --dnssec` through the command line (in-process harness) with the
 * real checkDomain, against real servers on loopback, showing every transport finding:
 * - Knot signs `mismatch.example` (DNSSEC) and serves `broken.example`, `redirect.example` and
 *   `good.example` unsigned; Unbound validates in front of it (trust anchor: the signed zone's key),
 *   so the AD bit is real (DANE);
 * - nginx serves the MTA-STS policies and the BIMI logo (test/transport/https-server.ts);
 * - Postfix in five configurations is the MX hosts (test/helpers/postfix.ts).
 * The harness's checkDomain is the library's, with two test-only redirections: HTTPS to nginx's
 * port with the test CA, and each MX host's port 25 to its Postfix (certificates from test CAs).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CheckOptions, checkDomain } from "../../src/audit/api.ts";
import { reportSchema } from "../../src/audit/report-schema.ts";
import type { AuditReport } from "../../src/audit/report-types.ts";
import { lazyValidator } from "../../src/common/json-schema.ts";
import type { DnsFixture } from "../../src/dns/fixture/types.ts";
import { type ProbeFunction, probeOnce } from "../../src/facts/probes.ts";
import type { BulkReport } from "../../src/report/bulk-types.ts";
import { formatHtml } from "../../src/report/html.ts";
import { formatMarkdown } from "../../src/report/markdown.ts";
import { formatText } from "../../src/report/text.ts";
import { httpsGet } from "../../src/transport/https-fetch.ts";
import { probeSmtp } from "../../src/transport/smtp/probe.ts";
import {
  canRunPostfix,
  makeTestCertificates,
  type PostfixOptions,
  type RunningPostfix,
  startPostfix,
  type TestCertificates,
} from "../helpers/postfix.ts";
import { candidatePort, requireBinary } from "../helpers/servers.ts";
import { type SignedSetup, startSignedSetup } from "../helpers/unbound.ts";
import { type HttpsServer, startHttpsServer } from "../transport/https-server.ts";
import { cli } from "./harness.ts";

const zone = (records: DnsFixture["records"]): DnsFixture => ({ version: 1, records });
const lo = { A: ["127.0.0.1"] };
const [MX1, MX2, MX3, MX4, MX5] = ["mx1", "mx2", "mx3", "mx4", "mx5"].map((h) => `${h}.mismatch.example`) as [
  string,
  string,
  string,
  string,
  string,
];
const MX = [MX1, MX2, MX3, MX4, MX5];

const zones = {
  signed: {
    "mismatch.example": zone({
      "mismatch.example": {
        TXT: ["v=spf1 ip4:192.0.2.1 -all"],
        MX: MX.map((exchange, i) => ({ preference: 10 * (i + 1), exchange })),
      },
      ...Object.fromEntries(MX.map((h) => [h, lo])),
      "_dmarc.mismatch.example": { TXT: ["v=DMARC1; p=reject"] },
      "_mta-sts.mismatch.example": { TXT: ["v=STSv1; id=20261101"] },
      "mta-sts.mismatch.example": lo,
      // A stale record (no certificate has this key) and a PKIX-EE record (not for SMTP).
      "_25._tcp.mx1.mismatch.example": { TLSA: [`3 1 1 ${"00".repeat(32)}`] },
      "_25._tcp.mx4.mismatch.example": { TLSA: [`1 1 1 ${"ab".repeat(32)}`] },
      "default._bimi.mismatch.example": { TXT: ["v=BIMI1; l=https://images.good.example/bad.svg; a="] },
    }),
  },
  unsigned: {
    "broken.example": zone({
      "broken.example": { TXT: ["v=spf1 -all"], MX: [{ preference: 10, exchange: "mx.broken.example" }] },
      "mx.broken.example": lo,
      "_25._tcp.mx.broken.example": { TLSA: [`3 1 1 ${"cd".repeat(32)}`] },
      "_dmarc.broken.example": { TXT: ["v=DMARC1; p=none"] },
      "_mta-sts.broken.example": { TXT: ["v=STSv1; id=1"] },
      "mta-sts.broken.example": lo,
      "_smtp._tls.broken.example": { TXT: ["v=TLSRPTv1; rua=mailto:tls@broken.example!10m"] },
    }),
    "redirect.example": zone({
      "redirect.example": { TXT: ["v=spf1 -all"], MX: [{ preference: 10, exchange: "mx1.mismatch.example" }] },
      "_dmarc.redirect.example": { TXT: ["v=DMARC1; p=none"] },
      "_mta-sts.redirect.example": { TXT: ["v=STSv1; id=1"] },
      "mta-sts.redirect.example": lo,
      "_smtp._tls.redirect.example": { TXT: ["v=TLSRPTv1; rua=mailto:tls@redirect.example"] },
    }),
    "good.example": zone({ "images.good.example": lo }),
  },
};

/** The rules of issue 16, and dns-temperror (what could not be checked). */
const TRANSPORT_RULES = new Set([
  "mta-sts-invalid",
  "mta-sts-mx-mismatch",
  "mta-sts-policy-unreachable",
  "tls-rpt-missing",
  "tls-rpt-invalid",
  "dane-tlsa-invalid",
  "dane-unsigned",
  "bimi-invalid",
  "smtp-starttls-missing",
  "smtp-certificate-invalid",
  "smtp-certificate-expiring",
  "smtp-auth-before-tls",
  "smtp-open-relay",
  "smtp-tls-outdated",
  "dns-temperror",
]);

const run =
  canRunPostfix() &&
  requireBinary("knotd", "knot") &&
  requireBinary("unbound", "unbound") &&
  requireBinary("nginx", "nginx-light");

describe.runIf(run)("check --probe --dnssec against Knot, Unbound, nginx and Postfix", () => {
  let dns: SignedSetup;
  let web: HttpsServer;
  let certDir = "";
  let closedPort = 0;
  const certs: Record<string, TestCertificates> = {};
  const servers: Record<string, RunningPostfix> = {};
  const probed: string[] = [];

  beforeAll(async () => {
    certDir = mkdtempSync(join(tmpdir(), "eaa-e2e-certs-"));
    const made = (host: string, days: number) => {
      const c = makeTestCertificates(join(certDir, host), host, days);
      certs[host] = c;
      return c;
    };
    const configs: Record<string, PostfixOptions> = {
      [MX1]: { hostname: MX1, tls: made(MX1, 10).good },
      [MX2]: { hostname: MX2, tls: null },
      [MX3]: { hostname: MX3, tls: made(MX3, 30).expired },
      [MX4]: { hostname: MX4, tls: made(MX4, 30).wrongName },
      [MX5]: {
        hostname: MX5,
        tls: made(MX5, 60).good,
        authBeforeTls: true,
        openRelay: true,
        tlsProtocols: "<=TLSv1.1",
      },
    };
    const started = await Promise.allSettled([
      startSignedSetup(zones.signed, zones.unsigned).then((s) => {
        dns = s;
      }),
      startHttpsServer().then((s) => {
        web = s;
      }),
      ...Object.entries(configs).map(async ([host, options]) => {
        servers[host] = await startPostfix(options);
      }),
    ]);
    const failed = started.find((s) => s.status === "rejected");
    if (failed?.status === "rejected") throw failed.reason;
    closedPort = await candidatePort(); // nothing listens there: mx.broken.example is refused
  }, 180_000);

  afterAll(async () => {
    await Promise.all([dns?.stop(), web?.stop(), ...Object.values(servers).map((s) => s.stop())]);
    if (certDir !== "") rmSync(certDir, { recursive: true, force: true });
  });

  /** The library's checkDomain, with HTTPS sent to nginx and each MX host's port 25 to its Postfix. */
  function redirected(): (domain: string, options: CheckOptions) => Promise<AuditReport> {
    const ca = [web.pki.caPem, ...Object.values(certs).map((c) => c.caPem)];
    const toPostfix: ProbeFunction = (host, o) => {
      probed.push(`${host}:${o.port}`);
      return probeSmtp(host, { ...o, port: servers[host]?.port ?? closedPort, ca });
    };
    const once = probeOnce(toPostfix); // one per run, like the CLI's
    return (domain, options) =>
      checkDomain(domain, {
        ...options,
        transport: { https: { fetch: (req) => httpsGet({ ...req, port: web.port, ca: web.pki.caPem }) } },
        probe: { ...(typeof options.probe === "object" ? options.probe : {}), probe: once },
      });
  }

  it("shows each transport finding, each host probed once, in every format", async () => {
    const r = await cli(
      [
        "check",
        "mismatch.example",
        "broken.example",
        "redirect.example",
        "--probe",
        "--dnssec",
        "--resolver",
        `udp://127.0.0.1:${dns.unbound.port}`,
        "--timeout",
        "3000",
        "--format",
        "json",
      ],
      { cwd: certDir, checkDomain: redirected() },
    );
    const bulk = JSON.parse(r.stdout) as BulkReport;
    const reports = Object.fromEntries(
      bulk.entries.map((e) => [e.domain, e.status === "checked" ? e.report : undefined]),
    ) as Record<string, AuditReport>;
    for (const report of Object.values(reports)) expect(lazyValidator(reportSchema)(report)).toEqual([]);
    console.log(
      JSON.stringify(
        reports["mismatch.example"]?.findings.filter((f) => f.ruleId === "dns-temperror"),
        null,
        1,
      ),
    );
    const found = (domain: string) =>
      (reports[domain]?.findings ?? [])
        .filter((f) => TRANSPORT_RULES.has(f.ruleId))
        .map((f) => `${f.severity} ${f.ruleId}: ${f.message}`)
        .sort();
    /** Each expected line is the start of exactly one finding, and nothing else was found. */
    const expectFindings = (domain: string, starts: string[]) => {
      const got = found(domain);
      expect(
        got.map((f) => starts.filter((s) => f.startsWith(s)).length),
        got.join("\n"),
      ).toEqual(got.map(() => 1));
      expect(got).toHaveLength(starts.length);
    };

    expectFindings("mismatch.example", [
      "warning bimi-invalid: BIMI for mismatch.example (default._bimi.mismatch.example) does",
      "error dane-tlsa-invalid: The TLSA records of MX host mx1.mismatch.example (_25._tcp.mx1",
      "error dane-tlsa-invalid: The TLSA records of MX host mx4.mismatch.example (_25._tcp.mx4",
      "error mta-sts-mx-mismatch: The MTA-STS policy of mismatch.example (mode enforce): MX hosts",
      "error smtp-auth-before-tls: mx5.mismatch.example:25 (an MX host of mismatch.example) offers",
      "error smtp-certificate-invalid: The certificate of mx3.mismatch.example:25 (an MX host of mis",
      "error smtp-certificate-invalid: The certificate of mx4.mismatch.example:25 (an MX host of mis",
      "error smtp-open-relay: mx5.mismatch.example:25 (an MX host of mismatch.example) accepted",
      "error smtp-starttls-missing: mx2.mismatch.example:25 (an MX host of mismatch.example) does no",
      "warning smtp-certificate-expiring: The certificate of mx1.mismatch.example:25 (an MX host of mis",
      "warning smtp-tls-outdated: mx5.mismatch.example:25 (an MX host of mismatch.example) negotiat",
      "warning tls-rpt-missing: mismatch.example publishes an MTA-STS record and TLSA records",
    ]);
    expectFindings("broken.example", [
      "error dane-unsigned: MX host mx.broken.example has 1 TLSA record at _25._tcp.mx.b",
      "error mta-sts-invalid: The MTA-STS policy https://mta-sts.broken.example/.well-known/",
      "warning dns-temperror: Could not check the SMTP service of mx.broken.example:25: the ",
      "warning tls-rpt-invalid: The TLS-RPT record of broken.example (_smtp._tls.broken.example)",
    ]);
    // redirect.example shares mx1.mismatch.example: its report shows that host's findings too.
    expectFindings("redirect.example", [
      "error mta-sts-policy-unreachable: redirect.example publishes an MTA-STS record, but its policy",
      "error dane-tlsa-invalid: The TLSA records of MX host mx1.mismatch.example",
      "warning smtp-certificate-expiring: The certificate of mx1.mismatch.example:25 (an MX host of redirect.example)",
    ]);
    // DANE: the signed zone's TLSA answers carry the AD bit, the unsigned one's do not.
    expect(reports["mismatch.example"]?.transport?.domains[0]?.dane?.hosts.find((h) => h.host === MX1)).toMatchObject({
      status: "usable",
      authenticated: true,
    });
    expect(reports["broken.example"]?.transport?.domains[0]?.dane?.hosts[0]).toMatchObject({
      status: "unsigned",
      authenticated: false,
    });
    // mx1.mismatch.example is the MX of two domains: probed once in the run.
    expect(probed.filter((p) => p === `${MX1}:25`)).toHaveLength(1);
    expect(new Set(probed).size).toBe(probed.length);

    // Every format shows the probes.
    const report = reports["mismatch.example"] as AuditReport;
    const rows = report.transport?.probes ?? [];
    expect(rows.map((p) => `${p.host}:${p.port} ${p.status}`)).toEqual(MX.map((h) => `${h}:25 probed`));
    expect(rows.find((p) => p.host === MX5)).toMatchObject({
      authBeforeTls: true,
      relay: "accepted",
      tls: { protocol: "TLSv1.1" },
    });
    expect(rows.find((p) => p.host === MX1)).toMatchObject({ dane: "no-match", tls: { valid: true } });
    // One line per table row (no width limit), so that a row is matched whole.
    const text = formatText(report, { width: Number.POSITIVE_INFINITY });
    expect(text).toContain("SMTP probes");
    expect(text).toMatch(/mx2\.mismatch\.example:25\s+127\.0\.0\.1\s+no\s/);
    expect(text).toMatch(
      /mx5\.mismatch\.example:25\s+127\.0\.0\.1\s+yes\s+TLSv1\.1\s+valid, \d+ days left\s+yes\s+may relay/,
    );
    // Markdown escapes what could start a list item ("127.") in a value from the network.
    expect(formatMarkdown(report)).toContain("| `mx5.mismatch.example:25` | 127\\.0.0.1 | ✅ yes | ⚠️ TLSv1.1 |");
    expect(formatHtml(report)).toContain('<tr data-probe="mx5.mismatch.example:25">');
    expect(r.code).toBe(1);
  }, 180_000);
});
