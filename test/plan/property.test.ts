/**
 * For random organisations and zones (small and bounded): the plan never proposes a record that
 * its own re-audit shows failing. Every proposed SPF record is valid and within the limits in the
 * `after` audit, every proposed DMARC record is read as one valid record, no error finding after
 * the changes is about a name the plan changed (unless a manual step covers it), and the changes
 * never conflict.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FixtureResolver } from "../../src/dns/fixture/resolver.ts";
import type { DnsFixture, FixtureOwner } from "../../src/dns/fixture/types.ts";
import { isDnsEvidence } from "../../src/facts/evidence.ts";
import { covers, plan } from "../../src/plan/plan.ts";
import { dkimKey } from "../rules/rule-tester.ts";

const root = join(import.meta.dirname, "../..");
/** Real provider records (Microsoft, Google, Mailgun, SendGrid, Mailchimp, Zendesk) from the lookup-limit scenario. */
const providers = (
  JSON.parse(readFileSync(join(root, "fixtures/scenarios/spf-over-ten-lookups/dns.json"), "utf8")) as DnsFixture
).records;
const NOW = new Date("2026-11-23T09:00:00Z");

const DOMAINS = ["alpha.example", "beta.example"];
const IPS = ["192.0.2.10", "192.0.2.11", "198.51.100.7", "2001:db8::25"];
const SPF_TERMS = [
  "ip4:192.0.2.10",
  "ip4:198.51.100.0/24",
  "ip6:2001:db8::/64",
  "include:spf.protection.outlook.com",
  "include:_spf.google.com",
  "include:mailgun.org",
  "include:sendgrid.net",
  "include:servers.mcsv.net",
  "include:mail.zendesk.com",
  "include:gone.example",
  "a:relay.alpha.example",
  "a:nothing.alpha.example",
  "mx",
  "mx:gone.example",
  "ptr",
];

/** One domain's DNS: SPF (none, one, two records), DMARC, MX, a DKIM key. */
const domainDns = fc.record({
  spf: fc.oneof(
    fc.constant<string[]>([]),
    fc
      .tuple(fc.subarray(SPF_TERMS, { maxLength: 9 }), fc.constantFrom("-all", "~all", "?all", "+all", ""))
      .map(([terms, all]) => [["v=spf1", ...terms, all].filter((t) => t !== "").join(" ")]),
    fc.constant(["v=spf1 ip4:192.0.2.10 -all", "v=spf1 include:sendgrid.net ~all"]),
  ),
  dmarc: fc.constantFrom<string[]>(
    [],
    ["v=DMARC1; p=none"],
    ["v=DMARC1; p=none; rua=mailto:d@alpha.example"],
    ["v=DMARC1; p=quarantine; pct=50"],
    ["v=DMARC1; p=reject"],
    ["v=DMARC1; p=none", "v=DMARC1; p=reject"],
  ),
  mx: fc.constantFrom("none", "mx", "null"),
  key: fc.boolean(),
});

type Via = { smartHost: string } | { provider: string } | { direct: { ips: string[] } };

const pathArb = fc.record({
  from: fc.constantFrom(...DOMAINS),
  via: fc.oneof(
    fc.constant<Via>({ smartHost: "relay" }),
    fc.subarray(IPS, { minLength: 1, maxLength: 2 }).map((ips): Via => ({ direct: { ips } })),
    fc.constantFrom<Via>({ provider: "exo" }, { provider: "sg" }, { provider: "gw" }),
  ),
  signs: fc.boolean(),
});

const world = fc.record({
  dns: fc.tuple(domainDns, domainDns),
  parked: fc.boolean(),
  relayIps: fc.subarray(IPS, { minLength: 1, maxLength: 2 }),
  paths: fc.array(pathArb, { minLength: 1, maxLength: 3 }),
});

type World = typeof world extends fc.Arbitrary<infer T> ? T : never;
type DomainDns = typeof domainDns extends fc.Arbitrary<infer T> ? T : never;

function build(w: World): { org: object; fixture: DnsFixture } {
  const records: Record<string, FixtureOwner> = {};
  for (const name of [
    "spf.protection.outlook.com",
    "_spf.google.com",
    "_netblocks.google.com",
    "_netblocks2.google.com",
    "_netblocks3.google.com",
    "mailgun.org",
    "_spf.mailgun.org",
    "_spf.eu.mailgun.org",
    "sendgrid.net",
    "servers.mcsv.net",
    "mail.zendesk.com",
  ])
    records[name] = providers[name] as FixtureOwner;
  records["relay.alpha.example"] = { A: w.relayIps.filter((ip) => !ip.includes(":")) };
  records["mx.alpha.example"] = { A: ["192.0.2.25"] };
  DOMAINS.forEach((name, i) => {
    const d = w.dns[i] as DomainDns;
    const owner: FixtureOwner = { TXT: [...d.spf, "site-verification=abc"] };
    if (d.mx === "mx") owner.MX = [{ preference: 10, exchange: "mx.alpha.example" }];
    if (d.mx === "null") owner.MX = [{ preference: 0, exchange: "." }];
    records[name] = owner;
    if (d.dmarc.length > 0) records[`_dmarc.${name}`] = { TXT: d.dmarc };
    if (d.key) records[`s1._domainkey.${name}`] = { TXT: [dkimKey(2048)] };
  });
  const parked = w.parked ? [{ name: "gamma.example", sends: false }] : [];
  if (w.parked) records["gamma.example"] = { TXT: ["v=spf1 include:sendgrid.net ~all"] };
  const org = {
    version: 1,
    name: "Random",
    domains: [...DOMAINS.map((name) => ({ name })), ...parked],
    smartHosts: [{ id: "relay", hostname: "relay.alpha.example", ips: w.relayIps }],
    providers: [
      { id: "exo", catalog: "microsoft365", settings: { tenant: "alpha" } },
      { id: "sg", catalog: "sendgrid" },
      { id: "gw", catalog: "google-workspace" },
    ],
    paths: w.paths.map((p, i) => ({
      id: `p${i}`,
      from: [p.from],
      via: p.via,
      ...(p.signs && !("provider" in p.via) ? { dkim: [{ domain: p.from, selector: "s1" }] } : {}),
    })),
  };
  return { org, fixture: { version: 1, records } };
}

describe("plan: property", () => {
  it("never proposes a record that its own re-audit shows failing", async () => {
    await fc.assert(
      fc.asyncProperty(world, async (w) => {
        const { org, fixture } = build(w);
        const p = await plan(org, { resolver: new FixtureResolver(fixture), now: NOW });
        expect(p.conflicts).toEqual([]);
        for (const c of p.changes) {
          if (c.type !== "TXT") continue;
          const texts = (c.records as string[][]).map((r) => r.join(""));
          if (texts.some((t) => /^v=spf1( |$)/i.test(t))) {
            const d = p.after.domains.find((x) => x.domain === c.name);
            expect(d?.spf.status, `${c.name}: ${texts[0]}`).toBe("ok");
            expect(d?.spf.lookups ?? 99).toBeLessThanOrEqual(10);
            expect(d?.spf.voidLookups ?? 99).toBeLessThanOrEqual(2);
          }
          if (c.name.startsWith("_dmarc.")) {
            const d = p.after.domains.find(
              (x) => x.dmarc.recordDomain === c.name.slice(7) || `_dmarc.${x.domain}` === c.name,
            );
            if (d !== undefined) expect(d.dmarc.status, `${c.name}: ${texts[0]}`).toBe("ok");
          }
        }
        const uncovered = p.after.findings.filter(
          (f) => f.severity === "error" && !p.manualSteps.some((m) => covers(m, f)),
        );
        const key = (f: { ruleId: string; domain: string; path?: string }) => `${f.ruleId} ${f.domain} ${f.path ?? ""}`;
        const before = new Set(p.before.findings.filter((f) => f.severity === "error").map(key));
        const spfNames = new Set(
          p.changes
            .filter((c) => c.type === "TXT" && (c.records as string[][]).some((r) => /^v=spf1( |$)/i.test(r.join(""))))
            .map((c) => c.name),
        );
        const dmarcOf = (domain: string) =>
          p.changes.some(
            (c) =>
              c.name.startsWith("_dmarc.") && (domain === c.name.slice(7) || domain.endsWith(`.${c.name.slice(7)}`)),
          );
        const SPF_RULES = /^(spf-|smarthost-not-authorized|direct-not-authorized|provider-not-authorized)/;
        const failing = uncovered.filter(
          (f) =>
            // a new error: the plan made something worse
            !before.has(key(f)) ||
            // a proposed SPF record that does not authorise, or is broken
            (SPF_RULES.test(f.ruleId) && spfNames.has(f.domain)) ||
            // a proposed DMARC record that is not read as one valid record
            (/^dmarc-/.test(f.ruleId) && dmarcOf(f.domain)) ||
            // any other proposed RRset that a finding still cites
            f.evidence.some(
              (e) =>
                isDnsEvidence(e) &&
                p.changes.some(
                  (c) =>
                    c.name === e.name && c.type === e.type && !spfNames.has(c.name) && !c.name.startsWith("_dmarc."),
                ),
            ),
        );
        expect(
          failing.map((f) => `[${f.ruleId}] ${f.domain} ${f.path ?? ""}: ${f.message}`),
          JSON.stringify({ changes: p.changes.map((c) => [c.name, c.type, c.records]), org }),
        ).toEqual([]);
      }),
      { numRuns: 60, seed: 20261123 },
    );
  }, 300_000);
});
