import { parse } from "tldts";
import { cite } from "../exchange/org-sources.ts";
import { defineRule } from "./define.ts";
import { code, exchangeEvidence, exchangeOf, orgDomain, ps } from "./exchange-helpers.ts";
import { doc, rfc } from "./references.ts";

/** `*`, or `*.` followed by an ICANN public suffix (`*.com`, `*.co.uk`): every domain under it. */
function relaysEverything(name: string): boolean {
  const n = name.trim().toLowerCase().replace(/\.$/, "");
  if (n === "*") return true;
  if (!n.startsWith("*.")) return false;
  const rest = n.slice(2);
  const p = parse(rest, { allowPrivateDomains: false });
  // An ICANN suffix only: `*.local` relays to names that do not exist on the internet.
  return rest !== "" && p.isIcann === true && p.publicSuffix === rest;
}

export default defineRule(
  {
    id: "exchange-open-relay-domain",
    severity: "error",
    scope: "org",
    title: "An accepted domain makes Exchange relay mail for every domain",
    description:
      'An accepted domain of type `InternalRelay` or `ExternalRelay` tells Exchange to accept mail for that domain from anyone and relay it onwards. When the domain is `*` (or `*.` followed by a top-level domain, such as `*.com`), that is every recipient on the internet: the organisation is an open relay, whatever the receive connectors say, and spammers who find it send through it under its IP reputation. Exchange\'s HealthChecker reports the same configuration as an error ("Open Relay Domain"); an `InternalRelay` domain `*` also makes the transport services of the September 2021 cumulative updates (Exchange 2016 CU22, Exchange 2019 CU11) and later crash.',
    references: [
      doc(
        "Microsoft CSS-Exchange HealthChecker: Open Relay Domain",
        "https://microsoft.github.io/CSS-Exchange/Diagnostics/HealthChecker/OpenRelayDomain/",
      ),
      doc(
        "Microsoft: Accepted domains in Exchange Server",
        "https://learn.microsoft.com/exchange/mail-flow/accepted-domains/accepted-domains",
      ),
      rfc(5321, "3.6.1"),
      rfc(2505, "2"),
    ],
    fix: "Remove the wildcard accepted domain (`Remove-AcceptedDomain`) and, if some mail must be relayed, create a dedicated receive connector that grants relay to the hosts that need it only (docs/exchange.md).",
  },
  ({ facts, report }) => {
    const exchange = exchangeOf(facts);
    if (exchange === undefined) return;
    for (const d of exchange.config.acceptedDomains) {
      const type = d.DomainType ?? "";
      if ((type !== "InternalRelay" && type !== "ExternalRelay") || !relaysEverything(d.DomainName ?? "")) continue;
      const name = d.Name ?? d.Identity ?? d.DomainName ?? "";
      report({
        domain: orgDomain(facts),
        message: `Accepted domain "${name}" (${d.DomainName}, ${type}, ${cite(d, name)}) accepts mail for every recipient ${d.DomainName === "*" ? "on the internet" : `under ${d.DomainName?.slice(2)}`} and relays it: the organisation is an open relay, whatever its receive connectors allow.`,
        evidence: [exchangeEvidence(d, ["DomainName", "DomainType", "MatchSubDomains"])],
        fix: `Remove the accepted domain: ${code(`Remove-AcceptedDomain -Identity ${ps(name)}`)} (on Exchange Server, in the Exchange Management Shell). If applications must relay through Exchange, grant relay on a dedicated receive connector limited to their addresses instead.`,
      });
    }
  },
);
