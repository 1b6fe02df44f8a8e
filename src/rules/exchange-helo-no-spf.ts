import { connectorName } from "../exchange/connectors.ts";
import { defineRule, listWords } from "./define.ts";
import { egressSource, heloSpf } from "./exchange-checks.ts";
import { code, exchangeEvidence, exchangeOf } from "./exchange-helpers.ts";
import { spfTraceEvidence } from "./path-helpers.ts";
import { rfc } from "./references.ts";

export default defineRule(
  {
    id: "exchange-helo-no-spf",
    severity: "warning",
    scope: "org",
    title: "A send connector's EHLO name publishes no SPF record that authorises its address",
    description:
      "Receivers may check SPF for the HELO identity (the EHLO name) as well as for the MAIL FROM (RFC 7208 §2.3), and for mail with a null reverse-path (bounces, delivery and read receipts, out-of-office replies from Exchange) the HELO identity is the only one there is (§2.4): without an SPF record at the EHLO name that authorises the address, such mail gets SPF `none` or `fail` and is more likely refused or junked. The audit runs check_host() for each egress address of each connector that delivers by DNS with the connector's `Fqdn` as the domain (RFC 7208 §4).",
    references: [rfc(7208, "2.3"), rfc(7208, "2.4"), rfc(7208, "4")],
    fix: "Publish an SPF record at the EHLO name that authorises the connector's egress addresses, such as `v=spf1 ip4:<address> -all` (a host name sends only from itself).",
  },
  ({ facts, report }) => {
    const exchange = exchangeOf(facts);
    if (exchange === undefined) return;
    for (const h of exchange.helo) {
      const failed = h.addresses.map((a) => ({ a, outcome: heloSpf(h, a) })).filter((x) => x.outcome.state === "fail");
      if (failed.length === 0) continue;
      const name = connectorName(h.connector);
      const none = failed.every((f) => f.a.spf.result === "none");
      const terms = failed.map((f) => `${f.a.ip.includes(":") ? "ip6" : "ip4"}:${f.a.ip}`).join(" ");
      report({
        domain: h.fqdn,
        message: `Send connector "${name}" says EHLO ${h.fqdn}, but ${listWords([...new Set(failed.flatMap((f) => f.outcome.reasons))])}: bounces and other null-sender mail from it cannot pass SPF. Egress addresses: ${egressSource(h)}.`,
        evidence: [
          exchangeEvidence(h.connector, ["Fqdn", "DNSRoutingEnabled"]),
          ...spfTraceEvidence(
            failed[0]?.a.spf,
            `check_host(${failed[0]?.a.ip}, ${h.fqdn}): ${failed[0]?.a.spf.result}`,
          ),
        ],
        fix: none
          ? `Publish ${code(`${h.fqdn} TXT "v=spf1 ${terms} -all"`)}.`
          : `Add ${code(terms)} to the SPF record of ${h.fqdn} (before its ${code("all")}).`,
      });
    }
  },
);
