/**
 * Unknown is not absent: a DNS question the Exchange rules depend on that fails makes those rules
 * silent, and dns-temperror says what could not be checked and what it leaves open.
 */
import { describe, expect, it } from "vitest";
import { audit } from "../../src/audit/api.ts";
import { FixtureResolver } from "../../src/dns/fixture/resolver.ts";
import type { FixtureOwner } from "../../src/dns/fixture/types.ts";
import { parseExchangeExports } from "../../src/exchange/index.ts";
import { acceptedDomain, dkimConfig, dnsConnector, online, onprem } from "../rules/exchange-exports.ts";
import { exportFiles } from "../rules/exchange-tester.ts";
import { baseDns, baseOrg } from "../rules/rule-tester.ts";

const exchange = parseExchangeExports(
  exportFiles(
    [
      onprem("GetSendConnector", dnsConnector("Internet", "mail.example.com")),
      onprem("GetAcceptedDomain", acceptedDomain("example.com"), acceptedDomain("example.org")),
      online("GetDkimSigningConfig", dkimConfig("example.com")),
    ],
    "clixml",
    "utf-8",
  ),
);

async function findings(records: Record<string, FixtureOwner>) {
  const report = await audit(baseOrg, {
    resolver: new FixtureResolver({ version: 1, records: { ...baseDns, ...records } }),
    now: new Date("2026-11-23T09:00:00Z"),
    exchange,
  });
  return report.findings;
}

describe("Exchange facts that DNS could not establish", () => {
  it("are reported by dns-temperror, and the rules that need them stay silent", async () => {
    const all = await findings({
      "mail.example.com": { A: ["192.0.2.10"], TXT: { rcode: "SERVFAIL" } },
      "10.2.0.192.in-addr.arpa": { PTR: { timeout: true } },
      "selector1._domainkey.example.com": { CNAME: { rcode: "SERVFAIL" } },
      "selector2._domainkey.example.com": { CNAME: { rcode: "REFUSED" } },
      "example.org": { TXT: { timeout: true } },
      "_dmarc.example.org": { TXT: ["v=DMARC1; p=reject"] },
    });
    const rules = all.map((f) => f.ruleId);
    for (const silent of ["exchange-helo-not-fcrdns", "exchange-helo-no-spf", "exchange-online-dkim-mismatch"])
      expect(rules).not.toContain(silent);
    const temperrors = all.filter((f) => f.ruleId === "dns-temperror").map((f) => f.message);
    expect(temperrors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^Could not check the PTR record of 192\.0\.2\.10 \(egress of send connector "Internet"\): 10\.2\.0\.192\.in-addr\.arpa PTR failed \(timeout\)\. This leaves open whether 192\.0\.2\.10 has forward-confirmed reverse DNS matching mail\.example\.com\.$/,
        ),
        expect.stringMatching(
          /^Could not check the SPF evaluation of the EHLO name mail\.example\.com for 192\.0\.2\.10: mail\.example\.com TXT failed \(servfail\)/,
        ),
        expect.stringMatching(
          /^Could not check the DKIM CNAME selector1\._domainkey\.example\.com: .* failed \(servfail\)/,
        ),
        expect.stringMatching(
          /^Could not check the DKIM CNAME selector2\._domainkey\.example\.com: .* failed \(refused\)/,
        ),
        expect.stringMatching(
          /^Could not check the SPF record of example\.org \(an accepted domain the description does not list\)/,
        ),
      ]),
    );
    // The unlisted domain is still named (it is not in the description), without claiming its records are missing.
    const unlisted = all.find((f) => f.ruleId === "exchange-accepted-domain-unprotected");
    expect(unlisted?.severity).toBe("warning");
    expect(unlisted?.message).toMatch(/could not all be read/);
  });
});
