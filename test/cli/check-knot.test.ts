/**
 * End to end: `check` with the real checkDomain against a real Knot DNS server serving the Contoso
 * zone over UDP, and the same check once the server is gone (every question times out): the
 * domain is then reported as not seen, never as missing its records.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkDomain } from "../../src/audit/api.ts";
import type { AuditReport } from "../../src/audit/report-types.ts";
import type { DnsFixture } from "../../src/dns/fixture/types.ts";
import { type RunningServer, startKnot } from "../helpers/knot.ts";
import { requireBinary } from "../helpers/servers.ts";
import { cli, EXAMPLE_DIR, workdir } from "./harness.ts";

const fixture = JSON.parse(readFileSync(join(EXAMPLE_DIR, "dns.json"), "utf8")) as DnsFixture;

describe.runIf(requireBinary("knotd", "knot"))("check against Knot DNS with the real checkDomain", () => {
  let knot: RunningServer;
  let dir: string;
  let remove: () => void;
  beforeAll(async () => {
    ({ dir, remove } = workdir());
    // The whole fixture as the root zone: Knot answers for every name in it, as the Internet would.
    knot = await startKnot({ ".": fixture });
  }, 30_000);
  afterAll(async () => {
    await knot?.stop();
    remove?.();
  });

  it("reports what the zone publishes, found over UDP", async () => {
    const r = await cli(
      [
        "check",
        "contoso.example",
        "--resolver",
        `udp://127.0.0.1:${knot.port}`,
        "--format",
        "json",
        "--timeout",
        "2000",
      ],
      { cwd: dir, checkDomain },
    );
    expect(r.stderr).toBe("");
    const report = JSON.parse(r.stdout) as AuditReport;
    expect(report.kind).toBe("check");
    const domain = report.domains[0];
    expect(domain?.spf).toMatchObject({
      status: "ok",
      record: "v=spf1 ip4:198.51.100.0/28 include:spf.protection.outlook.com -all",
    });
    expect(domain?.dmarc.policy).toBe("none");
    expect(domain?.mx.hosts).toEqual(["contoso-example.mail.protection.outlook.com"]);
    expect(domain?.dkim.map((k) => k.selector)).toEqual(expect.arrayContaining(["selector1", "selector2"]));
    expect(report.findings.map((f) => f.ruleId)).toContain("dmarc-policy-none");
    expect(report.dns.failed).toBe(0);
    expect(r.code).toBe(0); // dmarc-policy-none is a warning; --fail-on defaults to error
  });

  it("with the server stopped: every answer is unknown, nothing is called missing, the domain is not seen", async () => {
    const port = knot.port;
    await knot.stop();
    const r = await cli(
      ["check", "contoso.example", "--resolver", `udp://127.0.0.1:${port}`, "--format", "json", "--timeout", "300"],
      { cwd: dir, checkDomain },
    );
    const report = JSON.parse(r.stdout) as AuditReport;
    expect(report.summary.blind?.domains).toEqual(["contoso.example"]);
    const rules = report.findings.map((f) => f.ruleId);
    expect(rules).toContain("dns-temperror");
    for (const absence of ["spf-missing", "dmarc-missing", "dkim-not-found", "domain-not-found"])
      expect(rules).not.toContain(absence);
    expect(r.code).toBe(1);
  }, 60_000);
});
