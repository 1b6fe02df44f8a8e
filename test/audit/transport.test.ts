/**
 * Transport security inside the audit: which domains get the published-policy checks, that every
 * (name, type) is asked once, which hosts are probed on which ports (and which are not), the probe
 * concurrency bound, one probe per host across the checks of a run, and the report's transport
 * section against its schema.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { audit, checkDomain } from "../../src/audit/api.ts";
import { reportSchema } from "../../src/audit/report-schema.ts";
import { lazyValidator } from "../../src/common/json-schema.ts";
import { FixtureResolver } from "../../src/dns/fixture/resolver.ts";
import type { FixtureOwner } from "../../src/dns/fixture/types.ts";
import { type ProbeFunction, parseNamedHost, probeOnce } from "../../src/facts/probes.ts";
import { baseDns, baseOrg } from "../rules/rule-tester.ts";
import { edit, healthy, https, policy, policyUrl } from "../rules/transport-fakes.ts";

const validate = lazyValidator(reportSchema);
const now = new Date("2026-11-23T09:00:00Z");
const resolver = (extra: Record<string, FixtureOwner | null> = {}) => {
  const records: Record<string, FixtureOwner> = { ...baseDns };
  for (const [owner, data] of Object.entries(extra)) {
    if (data === null) delete records[owner];
    else records[owner] = data;
  }
  return new FixtureResolver({ version: 1, records });
};

const sts = {
  "_mta-sts.example.com": { TXT: ["v=STSv1; id=20261101"] },
  "mta-sts.example.com": { A: ["192.0.2.80"] },
  "_smtp._tls.example.com": { TXT: ["v=TLSRPTv1; rua=mailto:tls@example.com"] },
  "_25._tcp.mx.example.com": { TLSA: [`3 1 1 ${"ab".repeat(32)}`] },
};
const stsPolicy = https({
  [policyUrl("example.com")]: policy(["version: STSv1", "mode: enforce", "mx: mx.example.com", "max_age: 604800"]),
});

/** A probe that records what it was asked and answers healthy. */
function recordingProbe(): { probe: ProbeFunction; calls: string[]; peak: () => number } {
  const calls: string[] = [];
  let running = 0;
  let peak = 0;
  const probe: ProbeFunction = async (host, options) => {
    calls.push(`${host}:${options.port}@${options.address}`);
    running++;
    peak = Math.max(peak, running);
    await new Promise((r) => setTimeout(r, 5));
    running--;
    return healthy(host, options.port ?? 25, options.address ?? null);
  };
  return { probe, calls, peak: () => peak };
}

describe("published policies in a check", () => {
  it("reports MTA-STS, TLS-RPT and DANE of a domain that receives mail, asking each (name, type) once", async () => {
    const report = await checkDomain("example.com", { resolver: resolver(sts), now, ...stsPolicy });
    expect(validate(report)).toEqual([]);
    expect(report.transport?.domains).toEqual([
      {
        domain: "example.com",
        mtaSts: {
          status: "valid",
          record: "v=STSv1; id=20261101",
          id: "20261101",
          policyUrl: "https://mta-sts.example.com/.well-known/mta-sts.txt",
          mode: "enforce",
          mx: ["mx.example.com"],
          maxAge: 604800,
          uncovered: [],
        },
        tlsRpt: { status: "valid", record: "v=TLSRPTv1; rua=mailto:tls@example.com", rua: ["mailto:tls@example.com"] },
        dane: {
          status: "unverified",
          hosts: [{ host: "mx.example.com", status: "unverified", records: [`3 1 1 ${"ab".repeat(32)}`] }],
        },
        bimi: { status: "absent", record: null, logo: null, dmarc: "ok" },
      },
    ]);
    expect(report.transport?.probes).toBeUndefined();
    expect(report.dns.questions).toBe(report.dns.unique);
    const asked = report.dns.log.map((e) => `${e.name} ${e.type}`);
    for (const q of ["_mta-sts.example.com TXT", "_smtp._tls.example.com TXT", "_25._tcp.mx.example.com TLSA"])
      expect(asked).toContain(q);
  });

  it("with transport: false asks none of it and the report has no transport section", async () => {
    const report = await checkDomain("example.com", { resolver: resolver(sts), now, transport: false });
    expect(report.transport).toBeUndefined();
    expect(report.dns.log.some((e) => e.name.startsWith("_mta-sts.") || e.type === "TLSA")).toBe(false);
  });

  it("skips MTA-STS, TLS-RPT and DANE for a domain without MX hosts, and BIMI below DMARC enforcement", async () => {
    const report = await checkDomain("example.com", {
      resolver: resolver({
        "example.com": { TXT: ["v=spf1 ip4:192.0.2.10 -all"] },
        "_dmarc.example.com": { TXT: ["v=DMARC1; p=none"] },
      }),
      now,
    });
    expect(report.transport).toEqual({ domains: [] });
    expect(report.dns.log.some((e) => e.name.startsWith("_mta-sts.") || e.name.includes("._bimi."))).toBe(false);
  });
});

describe("probes in an audit", () => {
  const org = {
    ...baseOrg,
    smartHosts: [{ id: "edge", hostname: "relay.example.com", ips: ["192.0.2.10"] }],
    paths: [
      ...baseOrg.paths,
      {
        id: "onprem",
        from: ["example.com"],
        via: { smartHost: "edge" },
        dkim: [{ domain: "example.com", selector: "s1" }],
      },
    ],
  };
  const dns = { "relay.example.com": { A: ["192.0.2.10"] }, "submit.example.com": { AAAA: ["2001:db8::587"] } };

  it("probes the MX host on 25, the smart host on 587 and 465, and named hosts, each once, with the audit's addresses", async () => {
    const { probe, calls, peak } = recordingProbe();
    const report = await audit(org, {
      resolver: resolver(dns),
      now,
      probe: {
        probe,
        hosts: ["submit.example.com", "mx.example.com:25", "[2001:db8::1]:2525", "not a host!"],
        concurrency: 2,
      },
    });
    expect(calls.sort()).toEqual([
      "2001:db8::1:2525@2001:db8::1",
      "mx.example.com:25@192.0.2.25",
      "relay.example.com:465@192.0.2.10",
      "relay.example.com:587@192.0.2.10",
      "submit.example.com:465@2001:db8::587",
      "submit.example.com:587@2001:db8::587",
    ]);
    expect(peak()).toBeLessThanOrEqual(2);
    expect(validate(report)).toEqual([]);
    const rows = report.transport?.probes ?? [];
    expect(rows.find((r) => r.host === "mx.example.com")).toMatchObject({
      roles: ["mx", "named"],
      domains: ["example.com"],
      status: "probed",
      starttls: true,
      authBeforeTls: false,
      relay: "refused",
      tls: { protocol: "TLSv1.3", valid: true, daysToExpiry: 200, names: ["mx.example.com"] },
    });
    expect(rows.find((r) => r.host === "relay.example.com" && r.port === 465)).toMatchObject({
      roles: ["smart-host"],
      domains: ["example.com"],
      tlsMode: "implicit",
      starttls: null,
      authBeforeTls: null,
    });
  });

  it("does not probe a provider's MX host, and says why", async () => {
    const { probe, calls } = recordingProbe();
    const report = await checkDomain("example.com", {
      resolver: resolver({
        "example.com": {
          TXT: ["v=spf1 include:spf.protection.outlook.com -all"],
          MX: [{ preference: 0, exchange: "example-com.mail.protection.outlook.com" }],
        },
      }),
      now,
      probe: { probe },
    });
    expect(calls).toEqual([]);
    expect(report.transport?.probes).toMatchObject([
      {
        host: "example-com.mail.protection.outlook.com",
        port: 25,
        status: "provider",
        detail: "an MX host run by Microsoft 365 / Exchange Online, not by the organisation",
        tls: null,
      },
    ]);
  });

  it("reports an MX host without an address as not probed", async () => {
    const { probe, calls } = recordingProbe();
    const report = await checkDomain("example.com", {
      resolver: resolver({ "mx.example.com": null }),
      now,
      probe: { probe },
    });
    expect(calls).toEqual([]);
    expect(report.transport?.probes?.[0]).toMatchObject({
      status: "no-address",
      detail: "mx.example.com has no A or AAAA record",
    });
  });

  it("never contacts a documentation address (example data): the real probe refuses it, the row says why", async () => {
    const report = await checkDomain("example.com", { resolver: resolver(), now, probe: true });
    expect(report.transport?.probes).toMatchObject([
      {
        host: "mx.example.com",
        address: "192.0.2.25",
        status: "documentation-address",
        detail: "192.0.2.25 is a documentation address (RFC 5737, RFC 3849), never routed on the Internet",
      },
    ]);
    expect(report.findings.filter((f) => f.ruleId === "dns-temperror")).toEqual([]);
  });

  it("keeps an unknown step unknown in the report (never 'no STARTTLS')", async () => {
    const probe: ProbeFunction = async (host, o) => {
      const r = healthy(host, o.port ?? 25, o.address ?? null);
      edit.refused(r);
      return r;
    };
    const report = await checkDomain("example.com", { resolver: resolver(), now, probe: { probe } });
    expect(validate(report)).toEqual([]);
    expect(report.transport?.probes?.[0]).toMatchObject({
      status: "probed",
      starttls: "unknown",
      tls: "unknown",
      relay: "unknown",
      unknown: [{ step: "connect", cause: "refused" }],
    });
  });

  it("probeOnce: two checks of a run that share an MX host probe it once", async () => {
    const { probe, calls } = recordingProbe();
    const once = probeOnce(probe);
    const shared = resolver({
      "example.org": { TXT: ["v=spf1 -all"], MX: [{ preference: 10, exchange: "mx.example.com" }] },
    });
    const [a, b] = await Promise.all([
      checkDomain("example.com", { resolver: shared, now, probe: { probe: once } }),
      checkDomain("example.org", { resolver: shared, now, probe: { probe: once } }),
    ]);
    expect(calls).toEqual(["mx.example.com:25@192.0.2.25"]);
    expect(a.transport?.probes?.[0]?.status).toBe("probed");
    expect(b.transport?.probes?.[0]?.status).toBe("probed");
  });
});

describe("parseNamedHost", () => {
  it.each([
    ["mail.example.com", { host: "mail.example.com" }],
    ["Mail.Example.COM.:587", { host: "mail.example.com", port: 587 }],
    ["192.0.2.1:25", { host: "192.0.2.1", port: 25 }],
    ["2001:db8::1", { host: "2001:db8::1" }],
    ["[2001:db8::1]:465", { host: "2001:db8::1", port: 465 }],
    ["mail.example.com:0", null],
    ["mail.example.com:70000", null],
    ["not a host", null],
    ["", null],
  ])("%s → %j", (input, expected) => {
    expect(parseNamedHost(input)).toEqual(expected);
  });

  it("never throws on random input; what it accepts is lower-case with a port in range", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.webUrl(), fc.ipV4(), fc.ipV6(), fc.domain()), (input) => {
        const parsed = parseNamedHost(input);
        if (parsed === null) return;
        expect(parsed.host).toBe(parsed.host.toLowerCase());
        expect(parsed.host.length).toBeGreaterThan(0);
        if (parsed.port !== undefined) expect(parsed.port >= 1 && parsed.port <= 65535).toBe(true);
      }),
    );
  });
});
