import type { DnsChange } from "../dns/overlay-changes.ts";
import type { AuditFacts } from "../verdicts/types.ts";
import { defineRule, listWords } from "./define.ts";
import { block, code } from "./fix-text.ts";
import { describePath, domainFacts, spfRecordText, spfTraceEvidence } from "./path-helpers.ts";
import { requirementChanges, requirementLines } from "./provider-dns.ts";
import { rfc } from "./references.ts";
import { spfProposal, validTerms } from "./spf-proposal.ts";
import { consequence, NOT_AUTHORISED } from "./unauthorized-ips.ts";

/** Whether the SPF record of `domain` has, at its top level, one term of each requirement. */
function present(facts: AuditFacts, domain: string, requirements: readonly (readonly string[])[]): boolean {
  const record = spfRecordText(facts, domain);
  if (record === undefined) return false;
  const terms = new Set(validTerms(record).map((t) => t.toLowerCase().replace(/^\+/, "")));
  return requirements.every((anyOf) => anyOf.some((t) => terms.has(t.toLowerCase())));
}

export default defineRule(
  {
    id: "provider-not-authorized",
    severity: "error",
    scope: "path",
    title: "The provider's servers are not authorised by the path's MAIL FROM domain",
    description:
      "For a provider path whose envelope uses the organisation's own domain (the From domain, or a custom MAIL FROM / return-path domain), the audit takes addresses from the networks the provider's own SPF include publishes and runs check_host() (RFC 7208 §4) for them against that domain. Anything but `pass` means receivers will not accept the provider's mail as authorised.",
    references: [rfc(7208, "4"), rfc(7208, "5.2")],
    fix: "Publish the provider's SPF terms (usually an `include:`) in the SPF record of the MAIL FROM domain, or the DNS records the provider asks for on a custom return-path domain.",
  },
  ({ facts, report }) => {
    for (const path of facts.paths) {
      const via = path.plan.via;
      if (via.kind !== "provider" || path.plan.mailFrom.source === "provider-default") continue;
      // Addresses sampled from unconfirmed catalog terms prove nothing (path-verdict-unknown says so).
      if (path.verdict.spf.result === "unknown") continue;
      const bad = path.spfChecks.filter((c) => NOT_AUTHORISED.has(c.check.result));
      if (bad.length === 0) continue;
      const mailFrom = path.plan.mailFrom.domain;
      const results = [...new Set(bad.map((c) => c.check.result))];
      const expected = via.spf.expected.map((r) => r.anyOf[0]).filter((t): t is string => t !== undefined);
      const on = via.spf.publishOn ?? mailFrom;
      let fix: string;
      let changes: DnsChange[] = [];
      if (via.spf.publishedOn === "provider-managed") {
        const dns = requirementLines(via.mailFromDns, path);
        changes = requirementChanges(via.mailFromDns, path);
        fix = `${mailFrom} should be delegated to ${via.entry.name}, which publishes its SPF there. Publish${dns.length > 0 ? `:${block(dns)}` : " the records the provider's domain set-up shows."}`;
      } else if (
        expected.length > 0 &&
        present(
          facts,
          on,
          via.spf.expected.map((r) => r.anyOf),
        )
      ) {
        // The terms are there, but a receiver never reaches them: adding them again would fix nothing.
        const a = domainFacts(facts, on)?.spf.analysis;
        fix = `The SPF record of ${on} already has ${listWords(expected.map(code))}, but ${a?.lookups.exceeded ? `it sits past the 10th DNS lookup (the record needs ${a.lookups.count}), so receivers return permerror before they reach it` : "it does not authorise these addresses"}. Bring the record within the limits of RFC 7208 §4.6.4: \`email-auth-audit plan\` names what serves no described path.`;
      } else if (expected.length > 0) {
        const proposal = spfProposal(domainFacts(facts, on), on, expected);
        if (proposal !== undefined) changes = [proposal.change];
        fix = `Add ${listWords(expected.map(code))} to the SPF record of ${on}${proposal?.early ? ", before its first DNS-querying term (the record is over the lookup limits of RFC 7208 §4.6.4)" : ""}${proposal ? `:${block([proposal.record])}` : "."}`;
      } else {
        fix = `Authorise ${via.entry.name}'s servers in the SPF record of ${mailFrom}.`;
      }
      report({
        domain: mailFrom,
        path: path.plan.pathId,
        message: `${via.entry.name} sends ${describePath(path)} with MAIL FROM ${mailFrom}, but that domain's SPF does not authorise the provider's servers: check_host() gives ${listWords(results)} for ${listWords(bad.map((c) => c.ip))} (taken from ${listWords(path.egress.terms ?? [])}).${consequence(path)}`,
        supersedes: ["path-single-alignment"],
        evidence: spfTraceEvidence(bad[0]?.check),
        fix,
        ...(changes.length > 0 ? { changes } : {}),
      });
    }
  },
);
