/**
 * The transport flags of `check` and `audit`, in-process: the HTTPS fixture beside a DNS fixture
 * (offline replay), `--record` writing the HTTPS recording beside the DNS one, `--no-transport`,
 * `--probe`, `--probe-host`, `--probe-expiry-days`, and bad values refused before any DNS.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AuditOptions, audit, type CheckOptions, checkDomain } from "../../src/audit/api.ts";
import { reportSchema } from "../../src/audit/report-schema.ts";
import type { AuditReport } from "../../src/audit/report-types.ts";
import { httpsFixtureFileFor } from "../../src/cli/transport-flags.ts";
import { lazyValidator } from "../../src/common/json-schema.ts";
import type { ProbeOptions } from "../../src/facts/probes.ts";
import { checkReport } from "../report/samples.ts";
import { cli, workdir } from "./harness.ts";

let dir: string;
let remove: () => void;
beforeAll(() => ({ dir, remove } = workdir()));
afterAll(() => remove());

const json = (stdout: string) => JSON.parse(stdout) as AuditReport;

describe("an offline fixture run replays HTTPS from the fixture beside the DNS fixture", () => {
  it("shows the example's MTA-STS policy (dns.https.json beside dns.json)", async () => {
    const r = await cli(["check", "contoso.example", "--resolver", "fixture:dns.json", "--format", "json"], {
      cwd: dir,
      checkDomain,
    });
    const report = json(r.stdout);
    expect(lazyValidator(reportSchema)(report)).toEqual([]);
    expect(report.transport?.domains[0]).toMatchObject({
      domain: "contoso.example",
      mtaSts: { status: "valid", mode: "enforce", mx: ["*.mail.protection.outlook.com"], uncovered: [] },
      tlsRpt: { status: "valid", rua: ["mailto:tls-reports@contoso.example"] },
      dane: { status: "absent" },
    });
    expect(report.findings.map((f) => f.ruleId)).not.toContain("dns-temperror");
  });

  it("without an HTTPS fixture, fetches nothing: the policy is unknown (dns-temperror), never unreachable", async () => {
    writeFileSync(join(dir, "alone.json"), readFileSync(join(dir, "dns.json")));
    const r = await cli(["check", "contoso.example", "--resolver", "fixture:alone.json", "--format", "json"], {
      cwd: dir,
      checkDomain,
    });
    const report = json(r.stdout);
    expect(report.transport?.domains[0]?.mtaSts?.status).toBe("unknown");
    const unknown = report.findings.filter((f) => f.ruleId === "dns-temperror");
    expect(unknown.map((f) => f.message)).toEqual([
      "Could not check the MTA-STS policy of contoso.example (https://mta-sts.contoso.example/.well-known/mta-sts.txt): the fetch was not made (offline run: the HTTPS recording holds no answer for this URL). This leaves open whether the MTA-STS policy of contoso.example is valid and covers its MX hosts.",
    ]);
    expect(report.findings.map((f) => f.ruleId)).not.toContain("mta-sts-policy-unreachable");
    expect(unknown[0]?.evidence).toEqual([
      {
        kind: "https",
        source: "https://mta-sts.contoso.example/.well-known/mta-sts.txt",
        lines: [
          "address 203.0.113.80 port 443",
          "unavailable: offline run: the HTTPS recording holds no answer for this URL",
        ],
      },
    ]);
  });

  it("refuses an invalid HTTPS fixture, naming the file and the problem (exit 2)", async () => {
    writeFileSync(join(dir, "bad.json"), readFileSync(join(dir, "dns.json")));
    writeFileSync(join(dir, "bad.https.json"), JSON.stringify({ version: 1, responses: { "https://x.example/": {} } }));
    const r = await cli(["check", "contoso.example", "--resolver", "fixture:bad.json"], { cwd: dir, checkDomain });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`the HTTPS fixture ${join(dir, "bad.https.json")} is not valid:`);
    expect(r.stderr).toContain('$.responses["https://x.example/"]: must have either `status` or `failure`');
  });

  it("--record writes the HTTPS answers beside the DNS recording, and replaying both gives the same policy", async () => {
    const r = await cli(
      ["check", "contoso.example", "--resolver", "fixture:dns.json", "--record", "rec.json", "--format", "json"],
      { cwd: dir, checkDomain },
    );
    expect(r.code).toBe(0);
    const recorded = JSON.parse(readFileSync(join(dir, "rec.https.json"), "utf8")) as {
      responses: Record<string, unknown>;
    };
    expect(recorded.responses).toEqual({
      "https://mta-sts.contoso.example/.well-known/mta-sts.txt": {
        status: 200,
        contentType: "text/plain",
        body: "version: STSv1\r\nmode: enforce\r\nmx: *.mail.protection.outlook.com\r\nmax_age: 604800\r\n",
      },
    });
    const replay = await cli(["check", "contoso.example", "--resolver", "fixture:rec.json", "--format", "json"], {
      cwd: dir,
      checkDomain,
    });
    expect(json(replay.stdout).transport).toEqual(json(r.stdout).transport);
  });

  it("writes no HTTPS recording when nothing was fetched", async () => {
    rmSync(join(dir, "none.https.json"), { force: true });
    await cli(["check", "contoso-old.example", "--resolver", "fixture:dns.json", "--record", "none.json"], {
      cwd: dir,
      checkDomain,
    });
    expect(existsSync(join(dir, "none.json"))).toBe(true);
    expect(existsSync(join(dir, "none.https.json"))).toBe(false);
  });

  it.each([
    ["dns.json", "dns.https.json"],
    ["a/b/Rec.JSON", "a/b/Rec.https.json"],
    ["recording", "recording.https.json"],
  ])("httpsFixtureFileFor(%s) = %s", (input, expected) => {
    expect(httpsFixtureFileFor(input)).toBe(expected);
  });
});

describe("flags passed to the audit", () => {
  function capture() {
    const calls: (CheckOptions | AuditOptions)[] = [];
    return {
      calls,
      checkDomain: async (domain: string, options: CheckOptions) => {
        calls.push(options);
        return checkReport(domain, []);
      },
      audit: async (_org: unknown, options: AuditOptions) => {
        calls.push(options);
        return checkReport("contoso.example", []);
      },
    };
  }

  it("by default: transport on (a fixture run replays HTTPS), no probe", async () => {
    const c = capture();
    await cli(["check", "example.org", "--resolver", "fixture:dns.json"], { cwd: dir, checkDomain: c.checkDomain });
    expect(typeof c.calls[0]?.transport).toBe("object");
    expect(c.calls[0]?.probe).toBeUndefined();
  });

  it("--no-transport turns the published policies off", async () => {
    const c = capture();
    await cli(["audit", "--org", "org.json", "--resolver", "fixture:dns.json", "--no-transport"], {
      cwd: dir,
      audit: c.audit,
    });
    expect(c.calls[0]?.transport).toBe(false);
  });

  it("--probe, --probe-host (repeatable, commas) and --probe-expiry-days, one probe function shared by every domain", async () => {
    const c = capture();
    await cli(
      [
        "check",
        "example.org",
        "example.net",
        "--resolver",
        "fixture:dns.json",
        "--probe-host",
        "mail.example.org:587,[2001:db8::1]:465",
        "--probe-host",
        "submit.example.org",
        "--probe-expiry-days",
        "30",
      ],
      { cwd: dir, checkDomain: c.checkDomain },
    );
    const [a, b] = c.calls.map((o) => o.probe as ProbeOptions);
    expect(a?.hosts).toEqual(["mail.example.org:587", "[2001:db8::1]:465", "submit.example.org"]);
    expect(a?.expiryDays).toBe(30);
    expect(typeof a?.probe).toBe("function");
    expect(b?.probe).toBe(a?.probe);
  });

  it("--probe alone probes the organisation's hosts with the defaults", async () => {
    const c = capture();
    await cli(["audit", "--org", "org.json", "--resolver", "fixture:dns.json", "--probe"], {
      cwd: dir,
      audit: c.audit,
    });
    const probe = c.calls[0]?.probe as ProbeOptions;
    expect(probe.hosts).toBeUndefined();
    expect(probe.expiryDays).toBeUndefined();
  });

  it.each([
    [["--probe-host", "not a host!"], /--probe-host "not a host!" is not a host name or IP address/],
    [["--probe-host", "mail.example.org:99999"], /--probe-host "mail\.example\.org:99999" is not a host name/],
    [["--probe-expiry-days", "-1"], /--probe-expiry-days/],
  ])("refuses %j before any DNS (exit 2)", async (flags, message) => {
    const c = capture();
    const r = await cli(["check", "example.org", "--resolver", "fixture:dns.json", ...flags], {
      cwd: dir,
      checkDomain: c.checkDomain,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(c.calls).toEqual([]);
  });

  it("--help lists the transport flags", async () => {
    const r = await cli(["check", "--help"], { cwd: dir });
    for (const flag of [
      "--no-transport",
      "--probe ",
      "--probe-host <host[:port]>",
      "--probe-expiry-days <n>",
      "--dnssec",
    ])
      expect(r.stdout).toContain(flag);
  });
});

describe("audit of the bundled example", () => {
  it("shows its MTA-STS policy and TLS-RPT record in the text report, offline", async () => {
    // COLUMNS wide enough for the policies table to keep one line per domain.
    const r = await cli(["audit", "--org", "org.json", "--resolver", "fixture:dns.json"], {
      cwd: dir,
      audit,
      env: { COLUMNS: "300" },
    });
    expect(r.stdout).toContain("Transport security");
    expect(r.stdout).toMatch(
      /contoso\.example\s+enforce, id 20261101T000000, mx \*\.mail\.protection\.outlook\.com\s+mailto:tls-reports@contoso\.example/,
    );
  });
});
