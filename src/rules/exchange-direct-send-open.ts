import { evidenceOf } from "../dns/evidence.ts";
import { defineRule } from "./define.ts";
import { exchangeEvidence, exchangeOf } from "./exchange-helpers.ts";
import { doc, rfc } from "./references.ts";

export default defineRule(
  {
    id: "exchange-direct-send-open",
    severity: "warning",
    scope: "domain",
    title: "Exchange Online accepts Direct Send while the domain's SPF authorises all of Exchange Online",
    description:
      "Direct Send is anonymous mail delivered straight to the tenant's MX (`<tenant>.mail.protection.outlook.com`) with one of the organisation's own domains as sender, meant for printers and applications. `Set-OrganizationConfig -RejectDirectSend $true` rejects such mail when its MAIL FROM domain is an accepted domain and it matches no inbound connector. While it is `False`, and the domain's SPF record includes Exchange Online (`include:spf.protection.outlook.com`, which authorises the servers of every Microsoft 365 tenant), mail spoofing the domain can reach the organisation's mailboxes looking internal, and SPF does not stop it. Microsoft added the setting in 2025 for this reason.",
    references: [
      doc(
        "Microsoft: Introducing more control over Direct Send in Exchange Online",
        "https://techcommunity.microsoft.com/blog/exchange/introducing-more-control-over-direct-send-in-exchange-online/4408790",
      ),
      doc(
        "Microsoft: Set-OrganizationConfig (RejectDirectSend)",
        "https://learn.microsoft.com/powershell/module/exchangepowershell/set-organizationconfig",
      ),
      rfc(7208, "5.2"),
    ],
    fix: "Give devices and applications that send to the organisation's mailboxes anonymously a partner inbound connector (by IP address or certificate), then `Set-OrganizationConfig -RejectDirectSend $true` in Exchange Online PowerShell.",
  },
  ({ facts, report }) => {
    const exchange = exchangeOf(facts);
    if (exchange === undefined) return;
    const org = exchange.config.organizationConfig.find(
      (o) => o.source.environment === "online" && o.RejectDirectSend === false,
    );
    if (org === undefined) return;
    const accepted = exchange.config.acceptedDomains.filter((d) => d.source.environment === "online");
    const acceptedNames = new Set(accepted.map((d) => (d.DomainName ?? "").toLowerCase()));
    for (const d of facts.domains) {
      if (!d.roles.includes("org")) continue;
      // Direct Send concerns accepted domains only (when the Exchange Online list was read).
      if (accepted.length > 0 && !acceptedNames.has(d.domain)) continue;
      const include = d.providers.find((p) => p.id === "microsoft365")?.evidence.find((e) => e.kind === "spf-include");
      if (include === undefined) continue;
      report({
        domain: d.domain,
        message: `Exchange Online accepts Direct Send (RejectDirectSend False) while the SPF record of ${d.domain} includes ${include.value}: mail from Exchange Online's shared servers passes SPF for ${d.domain} whoever sends it, and anonymous mail with ${d.domain} as envelope sender that matches no inbound connector is let into the organisation's mailboxes.`,
        evidence: [exchangeEvidence(org, ["RejectDirectSend"]), evidenceOf(d.spf.answer)],
      });
    }
  },
);
