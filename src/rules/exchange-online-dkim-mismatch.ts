import { evidenceOf } from "../dns/evidence.ts";
import { answerState } from "../facts/state.ts";
import type { PathFacts } from "../verdicts/types.ts";
import { defineRule, listWords } from "./define.ts";
import { code, exchangeEvidence, exchangeOf } from "./exchange-helpers.ts";
import { describePath } from "./path-helpers.ts";
import { doc, rfc } from "./references.ts";

/** The first Exchange Online path that sends from `domain`. */
function exchangeOnlinePath(paths: readonly PathFacts[], domain: string): PathFacts | undefined {
  return paths.find(
    (p) => p.plan.via.kind === "provider" && p.plan.via.entry.id === "microsoft365" && p.plan.fromDomain === domain,
  );
}

export default defineRule(
  {
    id: "exchange-online-dkim-mismatch",
    severity: "warning",
    scope: "domain",
    title: "Exchange Online's DKIM signing configuration for a domain is off, broken or weak",
    description:
      "`Get-DkimSigningConfig` shows, for each domain, whether Exchange Online signs with it (`Enabled`), whether it finds the two CNAMEs it needs (`Status` `Valid`; `CnameError` otherwise), the key sizes (1024 bits is the default of `New-DkimSigningConfig`; RFC 8301 recommends 2048) and the targets the CNAMEs must have (`Selector1CNAME`, `Selector2CNAME`: since 2025 of the form `…<partition>-v1.dkim.mail.microsoft`, with a partition letter Microsoft assigns, so they are never built, only compared). This rule reports a domain whose signing is disabled, whose status is not `Valid`, whose keys are under 2048 bits, or whose CNAMEs in DNS are missing or point elsewhere than the export says. Until it is fixed, Exchange Online signs that domain's mail with the tenant's `onmicrosoft.com` domain, which does not align, and DMARC rests on SPF alone. It is the same cause `exchange-online-dkim-not-enabled` sees from DNS, with the configuration behind it: when both apply, this finding stands for both.",
    references: [
      doc(
        "Microsoft: Set up DKIM to sign mail from your Microsoft 365 domain",
        "https://learn.microsoft.com/defender-office-365/email-authentication-dkim-configure",
      ),
      doc(
        "Microsoft: Get-DkimSigningConfig",
        "https://learn.microsoft.com/powershell/module/exchangepowershell/get-dkimsigningconfig",
      ),
      rfc(8301, "3.2"),
      rfc(6376, "3.6.2.1"),
    ],
    fix: "Publish `selector1._domainkey` and `selector2._domainkey` as CNAMEs to exactly the targets `Get-DkimSigningConfig` shows, then `Set-DkimSigningConfig -Identity <domain> -Enabled $true`; rotate 1024-bit keys with `Rotate-DkimSigningConfig -Identity <domain> -KeySize 2048`.",
  },
  ({ facts, report }) => {
    const exchange = exchangeOf(facts);
    if (exchange === undefined) return;
    const notSending = new Set(facts.org.domains.filter((d) => d.sends === false).map((d) => d.name.toLowerCase()));
    const seen = new Set<string>();
    for (const k of exchange.dkim) {
      if (seen.has(k.domain)) continue;
      seen.add(k.domain);
      const c = k.config;
      const causes: string[] = [];
      let signing = false;
      let weak = false;
      if (c.Enabled === false && !notSending.has(k.domain)) {
        causes.push("signing is disabled (Enabled False)");
        signing = true;
      }
      if (typeof c.Status === "string" && c.Status !== "" && c.Status !== "Valid") {
        causes.push(`Exchange Online reports Status ${c.Status}`);
        signing = true;
      }
      const sizes = [c.Selector1KeySize, c.Selector2KeySize].filter((s): s is number => typeof s === "number" && s > 0);
      if (sizes.some((s) => s < 2048)) {
        causes.push(`the keys are ${[...new Set(sizes)].join(" and ")} bits (2048 recommended)`);
        weak = true;
      }
      const wrong: string[] = [];
      for (const s of k.selectors) {
        if (answerState(s.answer) === "unknown") continue;
        const target = (s.answer.records[0] ?? "").toLowerCase().replace(/\.$/, "");
        if (answerState(s.answer) === "absent")
          wrong.push(`${s.name} is not published (it must be a CNAME to ${s.expected})`);
        else if (target !== s.expected) wrong.push(`${s.name} points to ${target} instead of ${s.expected}`);
      }
      if (wrong.length > 0) {
        causes.push(...wrong);
        signing = true;
      }
      if (causes.length === 0) continue;
      const path = exchangeOnlinePath(facts.paths, k.domain);
      const consequence = signing
        ? ` Exchange Online does not sign ${k.domain}'s mail with its own domain, so DKIM does not align${path === undefined ? "" : path.verdict.verdict === "fail" ? ` and, with SPF not aligned either, DMARC fails on ${describePath(path)}` : ` and DMARC rests on SPF alone on ${describePath(path)}`}.`
        : "";
      const commands = [
        ...((wrong.length > 0 || (typeof c.Status === "string" && c.Status !== "Valid")) && k.selectors.length > 0
          ? [`publish ${listWords(k.selectors.map((s) => code(`${s.name}. CNAME ${s.expected}.`)))}`]
          : []),
        ...(c.Enabled === false ? [code(`Set-DkimSigningConfig -Identity ${k.domain} -Enabled $true`)] : []),
        ...(weak ? [code(`Rotate-DkimSigningConfig -Identity ${k.domain} -KeySize 2048`)] : []),
      ];
      const supersedes = [...(signing ? ["exchange-online-dkim-not-enabled"] : []), ...(weak ? ["dkim-key-weak"] : [])];
      report({
        domain: k.domain,
        ...(path !== undefined ? { path: path.plan.pathId } : {}),
        message: `Exchange Online DKIM for ${k.domain}: ${listWords(causes)}.${consequence}`,
        evidence: [
          exchangeEvidence(c, [
            "Enabled",
            "Status",
            "Selector1CNAME",
            "Selector2CNAME",
            "Selector1KeySize",
            "Selector2KeySize",
          ]),
          ...k.selectors.map((s) => evidenceOf(s.answer)),
        ],
        fix:
          commands.length > 0
            ? `In DNS and Exchange Online PowerShell: ${listWords(commands)}.`
            : `Run ${code(`Get-DkimSigningConfig -Identity ${k.domain} | Format-List`)} in Exchange Online PowerShell, publish the two CNAMEs it shows and enable signing.`,
        ...(path !== undefined && supersedes.length > 0 ? { supersedes } : {}),
      });
    }
  },
);
