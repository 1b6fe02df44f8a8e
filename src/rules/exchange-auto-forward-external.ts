import type { ObservedEvidence } from "../facts/evidence.ts";
import type { PathFacts } from "../verdicts/types.ts";
import { defineRule, listWords } from "./define.ts";
import { code, exchangeEvidence, exchangeOf, orgDomain } from "./exchange-helpers.ts";
import { doc, rfc } from "./references.ts";

const SHOWN = 5;

/** Paths of this side whose mail carries no aligned, passing DKIM signature: forwarded, it fails DMARC. */
function dkimLess(paths: readonly PathFacts[], online: boolean): string[] {
  return paths
    .filter((p) => (p.plan.via.kind === "provider" && p.plan.via.entry.id === "microsoft365") === online)
    .filter((p) => !p.verdict.dkim.some((d) => d.result === "pass" && d.aligned === true))
    .map((p) => `${p.plan.pathId} (${p.plan.fromDomain})`);
}

function consequence(paths: string[]): string {
  if (paths.length === 0)
    return "Forwarded mail fails SPF at its destination (the forwarder is not in the sender's SPF record), so DMARC rests on DKIM alone.";
  return `Forwarded mail fails SPF at its destination (the forwarder is not in the sender's SPF record), so DMARC rests on DKIM alone, and ${listWords(paths.slice(0, SHOWN))}${paths.length > SHOWN ? ` and ${paths.length - SHOWN} more` : ""} carry no aligned DKIM signature: once forwarded, that mail fails DMARC.`;
}

export default defineRule(
  {
    id: "exchange-auto-forward-external",
    severity: "warning",
    scope: "org",
    title: "Automatic forwarding to external domains is allowed",
    description:
      "When users (or attackers in a compromised mailbox) may forward mail automatically to outside addresses, the forwarded copies leave from the organisation's servers with the original sender's envelope, so SPF fails at their destination (RFC 7208 Appendix D.1) and DMARC holds only where the original message carries an aligned DKIM signature. It is also the classic way mail is exfiltrated. Exchange Online allows it when the outbound spam filter policy's `AutoForwardingMode` is `On` and the remote domain (`*` by default) has `AutoForwardEnabled`; `Automatic` now means off. Exchange Server allows it when the remote domain `*` has `AutoForwardEnabled`.",
    references: [
      doc(
        "Microsoft: Control automatic external email forwarding in Microsoft 365",
        "https://learn.microsoft.com/defender-office-365/outbound-spam-policies-external-email-forwarding",
      ),
      doc(
        "Microsoft: Remote domains in Exchange Online",
        "https://learn.microsoft.com/exchange/mail-flow-best-practices/remote-domains/remote-domains",
      ),
      rfc(7208, "D.1"),
      rfc(9989, "4.4"),
    ],
    fix: "Turn automatic external forwarding off (`Set-HostedOutboundSpamFilterPolicy -AutoForwardingMode Off` in Exchange Online, `Set-RemoteDomain Default -AutoForwardEnabled $false` in both), and allow it only to the remote domains that need it; sign every path with aligned DKIM so that forwarded mail still passes DMARC.",
  },
  ({ facts, report }) => {
    const exchange = exchangeOf(facts);
    if (exchange === undefined) return;
    const config = exchange.config;
    // A remote domain whose environment the exports do not tell may be Exchange Online's.
    const onlineRemote = config.remoteDomains.filter((d) => d.source.environment !== "on-premises");
    const policies = config.outboundSpamPolicies.filter((p) => p.Enabled !== false && p.AutoForwardingMode === "On");
    if (policies.length > 0) {
      const allowing = onlineRemote.filter((d) => d.AutoForwardEnabled === true);
      if (onlineRemote.length === 0 || allowing.length > 0) {
        const to =
          onlineRemote.length === 0
            ? "to every external domain whose remote domain does not block it (Get-RemoteDomain was not read from Exchange Online)"
            : `to ${listWords(allowing.map((d) => (d.DomainName === "*" ? "every external domain (remote domain *)" : (d.DomainName ?? "?"))))}`;
        const evidence: ObservedEvidence[] = [
          ...policies.map((p) => exchangeEvidence(p, ["AutoForwardingMode", "IsDefault"])),
          ...allowing.map((d) => exchangeEvidence(d, ["DomainName", "AutoForwardEnabled"])),
        ];
        report({
          domain: orgDomain(facts),
          message: `Exchange Online lets mailboxes forward automatically ${to}: outbound spam filter polic${policies.length === 1 ? "y" : "ies"} ${listWords(policies.map((p) => `"${p.Name ?? p.Identity ?? "?"}"`))} set AutoForwardingMode On. ${consequence(dkimLess(facts.paths, true))}`,
          evidence,
          fix: `In Exchange Online PowerShell: ${listWords(policies.map((p) => code(`Set-HostedOutboundSpamFilterPolicy -Identity '${(p.Identity ?? p.Name ?? "Default").replace(/'/g, "''")}' -AutoForwardingMode Off`)))}; if some users must forward, give them a custom policy and allow only the remote domains they forward to.`,
        });
      }
    }
    const onPremises = config.remoteDomains.filter(
      (d) => d.source.environment === "on-premises" && d.DomainName === "*" && d.AutoForwardEnabled === true,
    );
    for (const d of onPremises) {
      report({
        domain: orgDomain(facts),
        message: `Exchange Server lets mailboxes forward automatically to every external domain: the default remote domain "${d.Name ?? d.Identity ?? "*"}" (*) has AutoForwardEnabled True. ${consequence(dkimLess(facts.paths, false))}`,
        evidence: [exchangeEvidence(d, ["DomainName", "AutoForwardEnabled"])],
        fix: `In the Exchange Management Shell: ${code(`Set-RemoteDomain -Identity '${(d.Identity ?? d.Name ?? "Default").replace(/'/g, "''")}' -AutoForwardEnabled $false`)}, and create a remote domain with ${code("-AutoForwardEnabled $true")} for each domain that must receive forwarded mail.`,
      });
    }
  },
);
