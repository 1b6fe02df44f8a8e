import { evidenceOf } from "../dns/evidence.ts";
import { isMissingOrgDomain } from "../facts/state.ts";
import type { DomainFacts } from "../facts/types.ts";
import type { AuditFacts } from "../verdicts/types.ts";
import { defineRule } from "./define.ts";
import { block, code, spfChange } from "./fix-text.ts";
import { rfc } from "./references.ts";
import { ipTerm } from "./unauthorized-ips.ts";

/**
 * The terms an envelope domain's SPF record needs for the described paths that use it: each smart
 * host's and direct server's addresses, each provider's documented include. Undefined when one
 * path's needs are not known (addresses not resolved, a provider whose catalog names no term).
 */
export function envelopeTerms(facts: AuditFacts, domain: string): string[] | undefined {
  const ips: string[] = [];
  const lookups: string[] = [];
  for (const path of facts.paths) {
    if (path.plan.mailFrom.domain !== domain || path.plan.mailFrom.source === "provider-default") continue;
    const via = path.plan.via;
    if (via.kind === "provider") {
      if (via.spf.publishedOn === "provider-managed") continue;
      if (via.spf.publishOn !== domain) continue;
      const terms = via.spf.expected.map((r) => r.anyOf[0]);
      if (terms.length === 0 || terms.some((t) => t === undefined || (path.egress.unconfirmed ?? []).includes(t)))
        return undefined;
      lookups.push(...(terms as string[]));
    } else {
      if (path.egress.state !== "present" || path.egress.ips.length === 0) return undefined;
      ips.push(...path.egress.ips.map(ipTerm));
    }
  }
  return [...new Set([...ips, ...lookups])];
}

/** What a domain publishes that shows it handles mail, in words (check mode). */
function mailSigns(domain: DomainFacts, keys: number): string[] {
  const signs: string[] = [];
  if (domain.mx.status === "ok" && domain.mx.records.some((r) => r.exchange !== "")) signs.push("MX records");
  if (domain.dmarc?.status === "found" || domain.dmarc?.status === "invalid") signs.push("a DMARC record");
  if (keys > 0) signs.push("DKIM keys");
  return signs;
}

export default defineRule(
  {
    id: "spf-missing",
    severity: "error",
    scope: "domain",
    title: "A sending domain has no SPF record",
    description:
      "Receivers look up the SPF record of the MAIL FROM domain (and of the HELO name). Without one, check_host() returns `none` (RFC 7208 §4.5): no server is authorised, and DMARC cannot pass through SPF. Large mailbox providers require SPF (or DKIM) from every sender. Reported only when DNS proves there is no record (NXDOMAIN, NODATA, or no TXT record starting with `v=spf1`); a failed lookup is a `dns-temperror` finding instead.",
    references: [rfc(7208, "4.5"), rfc(7208, "2.6.1")],
    fix: "Publish a TXT record starting with `v=spf1` that lists the servers and providers sending for the domain, ending in `-all` or `~all`.",
    adjustments: [
      {
        severity: "warning",
        when: "a domain is checked without a description (`check`): nothing is known of its envelopes, but it handles mail (MX, DMARC or DKIM keys)",
      },
      {
        severity: "info",
        when: "the domain is only a From domain in the description: no path uses it as MAIL FROM, so nothing fails today",
      },
    ],
  },
  ({ facts, report }) => {
    const envelopes = new Set(facts.paths.map((p) => p.plan.mailFrom.domain));
    for (const domain of facts.domains) {
      // Proven absence only, and not for a domain that does not exist (domain-not-found says so).
      if (!domain.sends || domain.spf.selection.status !== "none") continue;
      if (isMissingOrgDomain(domain)) continue;
      const evidence = [evidenceOf(domain.spf.answer)];
      if (facts.kind === "check") {
        const keys = facts.discovered?.keys.filter((k) => k.domain === domain.domain).length ?? 0;
        const signs = mailSigns(domain, keys);
        report({
          domain: domain.domain,
          severity: "warning",
          message: `${domain.domain} publishes no SPF record (${domain.spf.selection.reason})${signs.length > 0 ? `, although it has ${signs.join(", ")}` : ""}: receivers give SPF none for any server sending as it, so DMARC can pass only through DKIM.`,
          evidence,
          fix: `Publish \`${domain.domain} TXT "v=spf1 ... ~all"\` listing the servers and providers that send for ${domain.domain} (their \`ip4:\`/\`ip6:\` addresses and the \`include:\` each provider documents).`,
        });
      } else if (envelopes.has(domain.domain)) {
        const paths = facts.paths.filter((p) => p.plan.mailFrom.domain === domain.domain).map((p) => p.plan.pathId);
        const terms = envelopeTerms(facts, domain.domain);
        const record = terms === undefined || terms.length === 0 ? undefined : `v=spf1 ${terms.join(" ")} -all`;
        report({
          domain: domain.domain,
          message: `${domain.domain} is the MAIL FROM (envelope) domain of ${paths.join(", ")} but has no SPF record: ${domain.spf.selection.reason}. SPF gives none for every server.`,
          evidence,
          ...(record === undefined
            ? {}
            : {
                fix: `Publish an SPF record for ${domain.domain} that authorises the servers of ${paths.join(", ")}:${block([`${domain.domain} TXT "${record}"`])}`,
                changes: [spfChange(domain.domain, domain.spf.answer, record)],
              }),
        });
      } else {
        // Only a From domain: receivers never check SPF for it, but anyone can use it as an envelope domain.
        report({
          domain: domain.domain,
          severity: "info",
          message: `${domain.domain} sends mail (as a From domain) but publishes no SPF record; no path uses it as MAIL FROM, so nothing fails, but anyone may use it as an envelope domain.`,
          evidence,
          fix: `Publish ${code(`${domain.domain} TXT "v=spf1 -all"`)} so that no server may use ${domain.domain} as an envelope domain (its paths' envelopes use other domains).`,
          changes: [spfChange(domain.domain, domain.spf.answer, "v=spf1 -all")],
        });
      }
    }
  },
);
