import { evidenceOf } from "../dns/evidence.ts";
import { reverseName } from "../dns/names.ts";
import { connectorName } from "../exchange/connectors.ts";
import { defineRule, listWords } from "./define.ts";
import { egressSource, fcrdns } from "./exchange-checks.ts";
import { code, exchangeEvidence, exchangeOf, ps } from "./exchange-helpers.ts";
import { doc, rfc } from "./references.ts";

export default defineRule(
  {
    id: "exchange-helo-not-fcrdns",
    severity: "warning",
    scope: "org",
    title: "A send connector's EHLO name does not match its address in DNS (no forward-confirmed reverse DNS)",
    description:
      "A send connector that delivers by DNS introduces itself with its `Fqdn` in EHLO. Receivers look up the PTR record of the connecting address and expect it to name a host whose A/AAAA records give the address back (forward-confirmed reverse DNS, the `iprev` check of RFC 8601 §3), ideally the EHLO name itself. Large mailbox providers reject or junk mail from addresses without it; Microsoft lists it among the checks of sender reputation. The audit checks each egress address (from the description's direct path that names the connector, or the A/AAAA of its `Fqdn`): the PTR must name the `Fqdn` and the `Fqdn` must resolve to the address. A DNS failure leaves the check open (`dns-temperror`).",
    references: [
      rfc(8601, "3"),
      rfc(1912, "2.1"),
      rfc(5321, "4.1.4"),
      doc(
        "Microsoft: Set-SendConnector (Fqdn: the name in EHLO)",
        "https://learn.microsoft.com/powershell/module/exchangepowershell/set-sendconnector",
      ),
      doc(
        "Microsoft: Sender reputation and the Protocol Analysis agent",
        "https://learn.microsoft.com/exchange/antispam-and-antimalware/antispam-protection/sender-reputation",
      ),
    ],
    fix: "Ask whoever runs the address block (ISP, hosting) for a PTR record naming the connector's `Fqdn`, and publish an A/AAAA record for the `Fqdn` with the address; or set the connector's `Fqdn` to the name the PTR gives, when that name resolves back.",
  },
  ({ facts, report }) => {
    const exchange = exchangeOf(facts);
    if (exchange === undefined) return;
    for (const h of exchange.helo) {
      const failed = h.addresses.map((a) => ({ a, outcome: fcrdns(h, a) })).filter((x) => x.outcome.state === "fail");
      if (failed.length === 0) continue;
      const name = connectorName(h.connector);
      const ptrNames = [
        ...new Set(failed.flatMap((f) => f.a.ptr.records.map((r) => r.toLowerCase().replace(/\.$/, "")))),
      ];
      const ptrFixes = failed
        .filter((f) => f.outcome.failed?.includes("ptr"))
        .map((f) => code(`${reverseName(f.a.ip) ?? f.a.ip}. PTR ${h.fqdn}.`));
      const forwardFixes = failed
        .filter((f) => f.outcome.failed?.includes("forward"))
        .map((f) => code(`${h.fqdn}. ${f.a.ip.includes(":") ? "AAAA" : "A"} ${f.a.ip}`));
      const steps = [
        ...(ptrFixes.length > 0 ? [`have the owner of the address block publish ${listWords(ptrFixes)}`] : []),
        ...(forwardFixes.length > 0 ? [`publish ${listWords(forwardFixes)}`] : []),
      ];
      const rename =
        ptrNames.length === 1 && forwardFixes.length === 0
          ? ` Or, if ${ptrNames[0]} resolves back to the address, make it the EHLO name: ${code(`Set-SendConnector -Identity ${ps(name)} -Fqdn ${ptrNames[0]}`)} (the certificate the connector offers must carry that name too).`
          : "";
      report({
        domain: h.fqdn,
        message: `Send connector "${name}" says EHLO ${h.fqdn}, but ${listWords(failed.flatMap((f) => f.outcome.reasons))}. Egress addresses: ${egressSource(h)}.`,
        evidence: [
          exchangeEvidence(h.connector, ["Fqdn", "DNSRoutingEnabled", "AddressSpaces"]),
          ...failed.map((f) => evidenceOf(f.a.ptr)),
          evidenceOf(h.forward.a),
          evidenceOf(h.forward.aaaa),
        ],
        fix: `${listWords(steps).replace(/^./, (c) => c.toUpperCase())}.${rename}`,
      });
    }
  },
);
