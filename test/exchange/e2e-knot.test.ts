/**
 * End to end: the hybrid organisation's exports (fixtures/exchange/hybrid/clixml) and its DNS
 * served by a real Knot (the whole fixture as the root zone, so every name answers), through the
 * command line in-process with the real audit: `init --exchange` writes the description, then
 * `audit --org --exchange` audits it with the configuration.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { audit } from "../../src/audit/api.ts";
import { reportSchema } from "../../src/audit/report-schema.ts";
import type { AuditReport } from "../../src/audit/report-types.ts";
import { lazyValidator } from "../../src/common/json-schema.ts";
import { cli } from "../cli/harness.ts";
import { type RunningServer, startKnot } from "../helpers/knot.ts";
import { requireBinary } from "../helpers/servers.ts";
import { HYBRID_DNS } from "./hybrid/dns.ts";
import { HYBRID_DIR } from "./hybrid/generate.ts";

describe.runIf(requireBinary("knotd", "knot"))("hybrid exports + Knot → init → audit --exchange", () => {
  let knot: RunningServer;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "eaa-exchange-e2e-"));
    cpSync(join(HYBRID_DIR, "clixml"), join(dir, "exports"), { recursive: true });
    knot = await startKnot({ ".": HYBRID_DNS });
  }, 30_000);
  afterAll(async () => {
    await knot?.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const resolver = () => ["--resolver", `udp://127.0.0.1:${knot.port}`, "--timeout", "2000"];

  it("init writes the description the exports show, from DNS over UDP", async () => {
    const r = await cli(["init", "--exchange", "exports", "-o", "org.yaml", ...resolver()], { cwd: dir });
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(
      /^Wrote the organisation description to org\.yaml: 2 domains, 1 smart host, 4 paths\. Check its \d+ CONFIRM lines, then run: email-auth-audit audit --org org\.yaml --exchange exports\n$/,
    );
    expect(r.code).toBe(0);
    const yaml = readFileSync(join(dir, "org.yaml"), "utf8");
    expect(yaml).toContain('# from: Get-SendConnector "Partner direct" (onprem/GetSendConnector.xml)');
    expect(yaml).toContain("via: {direct: {ips: [198.51.100.10]}}");
  });

  it("audit --exchange gives the paths' verdicts and the configuration's findings", async () => {
    const r = await cli(["audit", "--org", "org.yaml", "--exchange", "exports", "--format", "json", ...resolver()], {
      cwd: dir,
      audit,
    });
    expect(r.stderr).toBe("");
    const report = JSON.parse(r.stdout) as AuditReport;
    expect(lazyValidator(reportSchema)(report)).toEqual([]);
    expect(report.paths.map((p) => [p.id, p.fromDomain, p.spf.result, p.verdict])).toEqual([
      ["internet-via-relay", "contoso.example", "pass", "fragile"],
      ["internet-via-relay", "news.contoso.example", "pass", "fragile"],
      ["partner-direct", "contoso.example", "pass", "fragile"],
      ["partner-direct", "news.contoso.example", "fail", "fail"],
      ["exchange-online-contoso.example", "contoso.example", "pass", "pass"],
      ["exchange-online", "news.contoso.example", "pass", "fragile"],
    ]);
    const exchange = report.findings
      .filter((f) => f.ruleId.startsWith("exchange-"))
      .map((f) => [f.ruleId, f.severity, f.domain, f.path ?? null]);
    expect(exchange).toEqual([
      ["exchange-open-relay-domain", "error", "contoso.example", null],
      ["exchange-auto-forward-external", "warning", "contoso.example", null],
      ["exchange-connector-tls-policy-none", "warning", "contoso.example", null],
      ["exchange-direct-send-open", "warning", "contoso.example", null],
      ["exchange-helo-no-spf", "warning", "mail.contoso.example", null],
      ["exchange-helo-not-fcrdns", "warning", "mail.contoso.example", null],
      ["exchange-direct-send-open", "warning", "news.contoso.example", null],
      ["exchange-online-dkim-mismatch", "warning", "news.contoso.example", "exchange-online"],
    ]);
    const fcrdns = report.findings.find((f) => f.ruleId === "exchange-helo-not-fcrdns");
    expect(fcrdns?.message).toBe(
      'Send connector "Partner direct" says EHLO mail.contoso.example, but the PTR record of 198.51.100.10 names host-10.isp.example, not mail.contoso.example. Egress addresses: the egress addresses of path partner-direct in the description.',
    );
    expect(fcrdns?.evidence[0]).toEqual({
      kind: "exchange",
      source: 'Get-SendConnector "Partner direct" (onprem/GetSendConnector.xml)',
      lines: ["Fqdn = mail.contoso.example", "DNSRoutingEnabled = True", "AddressSpaces = {SMTP:partner.example;10}"],
    });
    expect(report.findings.find((f) => f.ruleId === "exchange-online-dkim-mismatch")?.message).toMatch(
      /^Exchange Online DKIM for news\.contoso\.example: signing is disabled \(Enabled False\), Exchange Online reports Status CnameError, the keys are 1024 bits \(2048 recommended\), selector1\._domainkey\.news\.contoso\.example is not published/,
    );
    expect(report.dns.failed).toBe(0);
    expect(r.code).toBe(1); // the open relay is an error
  });
});
