import { keyState } from "../facts/state.ts";
import { defineRule, listWords } from "./define.ts";
import { isExchangeOnlineSelector, keyEvidence } from "./dkim-helpers.ts";
import { code } from "./fix-text.ts";
import { describePath } from "./path-helpers.ts";
import { doc, rfc } from "./references.ts";

export default defineRule(
  {
    id: "exchange-online-dkim-not-enabled",
    severity: "warning",
    scope: "path",
    title: "Exchange Online does not sign with the custom domain",
    description:
      "Until DKIM is enabled for a custom domain, Exchange Online signs its mail with the tenant's initial domain (`<tenant>.onmicrosoft.com`), which does not align with the From domain. Enabling it takes two CNAMEs, `selector1._domainkey` and `selector2._domainkey`, pointing at the targets Microsoft shows (`…onmicrosoft.com`, or since 2025 `…<partition>.dkim.mail.microsoft`), and switching signing on in the Defender portal; until then the targets do not exist.",
    references: [
      doc(
        "Microsoft: Set up DKIM to sign mail from your Microsoft 365 domain",
        "https://learn.microsoft.com/defender-office-365/email-authentication-dkim-configure",
      ),
      rfc(6376, "3.6.2.1"),
    ],
    fix: "In the Microsoft Defender portal (Email authentication settings → DKIM), create the two CNAMEs it shows for the domain and enable signing; or with PowerShell: `New-DkimSigningConfig -DomainName <domain> -Enabled $true`, then publish `selector1._domainkey` and `selector2._domainkey` as the CNAMEs given by `Get-DkimSigningConfig`.",
  },
  ({ facts, report }) => {
    for (const path of facts.paths) {
      const own = path.signatures.filter((s) => isExchangeOnlineSelector(path, s));
      // Only when DNS proves both keys absent: a failed lookup is dns-temperror, a broken key dkim-key-invalid.
      if (own.length === 0 || !own.every((s) => keyState(s.lookup) === "absent")) continue;
      const lookups = own.flatMap((s) => (s.lookup ? [s.lookup] : []));
      const missing = lookups.filter((l) => l.status === "missing").map((l) => l.name);
      const dangling = lookups
        .filter((l) => l.status === "dangling")
        .map((l) => `${l.name} → ${l.cname?.target ?? "?"}`);
      const state =
        dangling.length > 0 && missing.length === 0
          ? `the CNAMEs are published but their targets do not exist yet (${listWords(dangling)}): signing was never enabled in Exchange Online`
          : `${listWords(missing)} ${missing.length === 1 ? "is" : "are"} not published${dangling.length > 0 ? `, and ${listWords(dangling)} point nowhere` : ""}`;
      const tenant = path.plan.via.kind === "provider" ? path.plan.via.defaultSigning.domain : undefined;
      const v = path.verdict;
      const consequence =
        v.verdict === "fragile"
          ? "DMARC passes through SPF alone, so forwarded mail and mailing lists fail DMARC"
          : v.verdict === "fail"
            ? "with SPF not aligned either, DMARC fails"
            : "DKIM does not count for DMARC";
      report({
        domain: path.plan.fromDomain,
        path: path.plan.pathId,
        message: `DKIM is not enabled for ${path.plan.fromDomain} in Exchange Online (${describePath(path)}): ${state}. Exchange Online signs with ${tenant ?? "the tenant's onmicrosoft.com domain"} instead, which does not align: ${consequence}.`,
        evidence: lookups.flatMap(keyEvidence),
        supersedes: ["dkim-unaligned", "path-single-alignment"],
        manual: exchangeOnlineDkimSteps(path.plan.fromDomain),
      });
    }
  },
);

/**
 * Enabling DKIM for a custom domain in Exchange Online, with the Exchange Online PowerShell module
 * (Microsoft: "Use PowerShell to configure DKIM"): create the signing configuration (disabled),
 * read the two CNAME targets Microsoft assigned, publish them, then enable signing. The targets
 * exist only once the configuration does, so the audit cannot write them for you.
 */
export function exchangeOnlineDkimSteps(domain: string): string[] {
  return [
    `In Exchange Online PowerShell (${code("Connect-ExchangeOnline")}), create the DKIM configuration of ${code(domain)} if ${code(`Get-DkimSigningConfig -Identity ${domain}`)} shows none: ${code(`New-DkimSigningConfig -DomainName ${domain} -Enabled $false`)}.`,
    `Read the two CNAME targets Microsoft assigned: ${code(`Get-DkimSigningConfig -Identity ${domain} | Format-List Selector1CNAME, Selector2CNAME`)}, and publish ${code(`selector1._domainkey.${domain}`)} and ${code(`selector2._domainkey.${domain}`)} as CNAMEs to them.`,
    `Once both CNAMEs resolve, enable signing: ${code(`Set-DkimSigningConfig -Identity ${domain} -Enabled $true`)}.`,
  ];
}
