/**
 * "No verdict claims more than the DNS showed": the audit-level behaviours of the trust issue, each
 * written to fail if the behaviour were mutated (the mutations are named in each test).
 */
import { describe, expect, it } from "vitest";
import { audit, checkDomain } from "../../src/audit/api.ts";
import { blindness } from "../../src/audit/report.ts";
import { failedAnswer } from "../../src/dns/answer.ts";
import { FixtureResolver } from "../../src/dns/fixture/resolver.ts";
import type { FixtureOwner } from "../../src/dns/fixture/types.ts";
import type { DnsAnswer, Resolver, RRType } from "../../src/dns/types.ts";
import { isDnsEvidence } from "../../src/facts/evidence.ts";
import { isNullMx } from "../../src/facts/parked.ts";
import { runRules } from "../../src/rules/engine.ts";
import type { Rule } from "../../src/rules/types.ts";
import { worstSpf } from "../../src/verdicts/spf.ts";
import { baseDns, baseOrg, dkimKey } from "../rules/rule-tester.ts";

const now = new Date("2026-11-23T09:00:00Z");
const zone = (extra: Record<string, FixtureOwner | null> = {}) => {
  const records: Record<string, FixtureOwner> = { ...baseDns };
  for (const [k, v] of Object.entries(extra)) {
    if (v === null) delete records[k];
    else records[k] = v;
  }
  return new FixtureResolver({ version: 1, records });
};

describe("path verdicts", () => {
  // Mutation: the path verdict ignores aspf=s (alignment computed relaxed regardless of the record).
  it("honours aspf=s: a MAIL FROM subdomain does not align strictly", async () => {
    const org = { ...baseOrg, paths: [{ ...baseOrg.paths[0], mailFrom: "bounce.example.com" }] };
    const dns = { "bounce.example.com": { TXT: ["v=spf1 ip4:192.0.2.10 -all"] } };
    const relaxed = await audit(org, { resolver: zone(dns), now });
    expect(relaxed.paths[0]?.spf).toMatchObject({ result: "pass", aligned: true });
    expect(relaxed.paths[0]?.verdict).toBe("pass");
    const strict = await audit(org, {
      resolver: zone({
        ...dns,
        "_dmarc.example.com": { TXT: ["v=DMARC1; p=reject; aspf=s; rua=mailto:d@example.com"] },
      }),
      now,
    });
    expect(strict.paths[0]?.spf).toMatchObject({ result: "pass", aligned: false });
    expect(strict.paths[0]?.verdict).toBe("fragile");
  });

  it("honours adkim=s: a signature by the Organizational Domain does not align strictly with a subdomain", async () => {
    const org = {
      version: 1,
      domains: [{ name: "example.com" }, { name: "news.example.com" }],
      paths: [
        {
          id: "news",
          from: ["news.example.com"],
          via: { direct: { ips: ["192.0.2.10"] } },
          mailFrom: "example.com",
          dkim: [{ domain: "example.com", selector: "s1" }],
        },
      ],
    };
    const dns = {
      "news.example.com": { A: ["192.0.2.80"] },
      "_dmarc.news.example.com": { TXT: ["v=DMARC1; p=reject; adkim=s"] },
    };
    const r = await audit(org, { resolver: zone(dns), now });
    expect(r.paths[0]?.dkim[0]).toMatchObject({ result: "pass", aligned: false });
    expect(r.paths[0]?.spf.aligned).toBe(true);
    expect(r.paths[0]?.verdict).toBe("fragile");
  });

  // Mutation: the worst-SPF order puts pass before temperror.
  it("one address in temperror leaves the path's SPF temperror even when the others pass", async () => {
    expect(worstSpf(["pass", "temperror"])).toBe("temperror");
    expect(worstSpf(["temperror", "fail"])).toBe("fail");
    const org = {
      ...baseOrg,
      paths: [{ ...baseOrg.paths[0], via: { direct: { ips: ["192.0.2.10", "198.51.100.7"] } } }],
    };
    const dns: Record<string, FixtureOwner> = {
      "example.com": { TXT: ["v=spf1 ip4:192.0.2.10 exists:%{ir}.x.example.com -all"] },
      "7.100.51.198.x.example.com": { A: { timeout: true } },
    };
    const r = await audit(org, { resolver: zone(dns), now });
    expect(r.paths[0]?.spf.ips.map((i) => i.result)).toEqual(["pass", "temperror"]);
    expect(r.paths[0]?.spf.result).toBe("temperror");
    expect(r.paths[0]?.verdict).toBe("unknown");
    expect(r.findings.map((f) => f.ruleId)).toContain("path-verdict-unknown");
  });

  it("a provider's fallback signature is not assumed when the customer's keys are unknown", async () => {
    const org = {
      version: 1,
      domains: [{ name: "example.com" }],
      providers: [{ id: "exo", catalog: "microsoft365", settings: { tenant: "example" } }],
      paths: [{ id: "exo", from: ["example.com"], via: { provider: "exo" } }],
    };
    const dns = {
      "example.com": { TXT: ["v=spf1 include:spf.protection.outlook.com -all"] },
      "spf.protection.outlook.com": { TXT: ["v=spf1 ip4:40.92.0.0/15 -all"] },
    };
    const absent = await audit(org, { resolver: zone(dns), now });
    expect(absent.paths[0]?.dkim.map((d) => d.domain)).toContain("example.onmicrosoft.com");
    const unknown = await audit(org, {
      resolver: zone({
        ...dns,
        "selector1._domainkey.example.com": { TXT: { timeout: true } },
        "selector2._domainkey.example.com": { TXT: { timeout: true } },
      }),
      now,
    });
    expect(unknown.paths[0]?.dkim.map((d) => d.domain)).not.toContain("example.onmicrosoft.com");
    expect(unknown.paths[0]?.verdict).toBe("unknown");
  });

  it("a provider path whose networks cannot be read has SPF unknown, not none", async () => {
    const org = {
      version: 1,
      domains: [{ name: "example.com" }],
      providers: [{ id: "sg", catalog: "sendgrid" }],
      paths: [{ id: "news", from: ["example.com"], via: { provider: "sg" }, mailFrom: "example.com" }],
    };
    const r = await audit(org, {
      resolver: zone({
        "example.com": { TXT: ["v=spf1 include:sendgrid.net -all"] },
        "sendgrid.net": { TXT: { rcode: "SERVFAIL" } },
      }),
      now,
    });
    expect(r.paths[0]?.spf.result).toBe("unknown");
    expect(r.paths[0]?.spf.reason).toMatch(/no egress addresses/);
    expect(r.findings.map((f) => f.ruleId)).not.toContain("provider-not-authorized");
  });
});

describe("the engine", () => {
  // Mutation: a rule that throws becomes info instead of error.
  it("turns a rule that throws into an error finding, and keeps the other rules' findings", () => {
    const throws: Rule<null> = {
      meta: { id: "boom", severity: "info", scope: "org", title: "t", description: "d", references: [], fix: "f" },
      check: () => {
        throw new Error("kaboom");
      },
    };
    const fine: Rule<null> = {
      meta: { id: "fine", severity: "warning", scope: "org", title: "t", description: "d", references: [], fix: "f" },
      check: ({ report }) => report({ domain: "example.com", message: "ok" }),
    };
    const findings = runRules([throws, fine], null);
    expect(findings.map((f) => [f.ruleId, f.severity])).toEqual([
      ["boom", "error"],
      ["fine", "warning"],
    ]);
    expect(findings[0]?.message).toMatch(/internal error in rule boom: kaboom/);
  });

  it("refuses a severity the rule's metadata does not document", () => {
    const rogue: Rule<null> = {
      meta: { id: "rogue", severity: "warning", scope: "org", title: "t", description: "d", references: [], fix: "f" },
      check: ({ report }) => report({ domain: "example.com", message: "m", severity: "info" }),
    };
    expect(runRules([rogue], null)[0]).toMatchObject({ ruleId: "rogue", severity: "error" });
    rogue.meta.adjustments = [{ severity: "info", when: "documented" }];
    expect(runRules([rogue], null)[0]).toMatchObject({ ruleId: "rogue", severity: "info" });
  });
});

describe("null MX", () => {
  // Mutation: a null MX mixed with other MX records counts as a null MX (RFC 7505 §3).
  it("is exactly one MX with exchange '.'", () => {
    const mx = (records: { preference: number; exchange: string }[]): DnsAnswer<"MX"> => ({
      name: "example.com",
      type: "MX",
      status: "ok",
      records,
      ttl: 300,
      cnameChain: [],
    });
    expect(isNullMx(mx([{ preference: 0, exchange: "" }]))).toBe(true);
    expect(
      isNullMx(
        mx([
          { preference: 0, exchange: "" },
          { preference: 10, exchange: "mx.example.com" },
        ]),
      ),
    ).toBe(false);
  });
});

describe("the query budget and aborts", () => {
  // Mutation: the audit never counts budget refusals.
  it("reports questions the budget refused as unknown facts, with the budget as the cause", async () => {
    const r = await audit(baseOrg, { resolver: zone(), now, maxQueries: 3 });
    expect(r.dns.failed).toBeGreaterThan(0);
    const refused = r.findings.filter((f) => f.ruleId === "dns-temperror" && /query budget/.test(f.message));
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((f) => f.evidence.every((e) => isDnsEvidence(e) && e.cause === "budget"))).toBe(true);
    expect(r.findings.map((f) => f.ruleId)).not.toContain("spf-missing");
    expect(r.findings.map((f) => f.ruleId)).not.toContain("dmarc-missing");
  });

  it("an aborted audit rejects with the signal's reason and gives no report", async () => {
    const controller = new AbortController();
    const slow: Resolver = {
      async resolve<T extends RRType>(name: string, type: T): Promise<DnsAnswer<T>> {
        await new Promise((r) => setTimeout(r, 20));
        return zone().resolve(name, type);
      },
    };
    const reason = new Error("stop now");
    const pending = audit(baseOrg, { resolver: slow, now, signal: controller.signal });
    setTimeout(() => controller.abort(reason), 5);
    await expect(pending).rejects.toBe(reason);
    const check = checkDomain("example.com", { resolver: slow, now, signal: AbortSignal.abort(reason) });
    await expect(check).rejects.toBe(reason);
  });
});

describe("when the audit cannot see", () => {
  it("is blind when every question about a domain failed, or more than half of all did", () => {
    const ok = { name: "a.example", status: "ok" };
    const fail = (name: string) => ({ name, status: "timeout" });
    expect(blindness(["a.example"], [ok, fail("_dmarc.a.example")])).toBeUndefined();
    expect(blindness(["a.example", "b.example"], [ok, ok, ok, fail("b.example"), fail("_dmarc.b.example")])).toEqual({
      reason: "every DNS question about b.example failed",
      domains: ["b.example"],
    });
    expect(blindness(["a.example"], [ok, fail("a.example"), fail("x.example"), fail("y.example")])?.reason).toBe(
      "3 of 4 DNS questions failed",
    );
  });

  it("marks the report of an audit whose resolver fails everything", async () => {
    const dead: Resolver = {
      resolve: <T extends RRType>(name: string, type: T) =>
        Promise.resolve(failedAnswer(name, type, "timeout", "dead")),
    };
    const r = await audit(baseOrg, { resolver: dead, now });
    expect(r.summary.blind?.domains).toEqual(["example.com"]);
    expect(r.paths[0]?.verdict).toBe("unknown");
    expect(r.findings.filter((f) => ["spf-missing", "dmarc-missing", "dkim-key-missing"].includes(f.ruleId))).toEqual(
      [],
    );
  });
});

describe("a domain check", () => {
  it("asks for SPF (warning, never -all) on a domain that handles mail", async () => {
    const r = await checkDomain("example.com", {
      resolver: zone({
        "example.com": { MX: [{ preference: 10, exchange: "mx.example.com" }] },
        "s1._domainkey.example.com": { TXT: [dkimKey(2048)] },
      }),
      now,
      selectors: ["s1"],
    });
    const spf = r.findings.find((f) => f.ruleId === "spf-missing");
    expect(spf?.severity).toBe("warning");
    expect(spf?.message).toMatch(/although it has MX records, a DMARC record, DKIM keys/);
    expect(spf?.fix).not.toMatch(/-all/);
  });
});
