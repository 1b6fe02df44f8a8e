/** The shared check of smarthost-not-authorized and direct-not-authorized. */
import type { PathFacts } from "../verdicts/types.ts";
import type { AuditRuleContext } from "./define.ts";
import { listWords } from "./define.ts";
import { block, code } from "./fix-text.ts";
import { describePath, domainFacts, spfRecordText, spfTraceEvidence } from "./path-helpers.ts";
import { spfProposal } from "./spf-proposal.ts";

/** Results that mean "this IP is not authorised" (temperror means we could not tell: dns-temperror says so). */
export const NOT_AUTHORISED = new Set(["fail", "softfail", "neutral", "none", "permerror"]);

export function ipTerm(ip: string): string {
  return ip.includes(":") ? `ip6:${ip}` : `ip4:${ip}`;
}

/** What an SPF failure does to the path's DMARC, in words (empty when nothing more follows). */
export function consequence(path: PathFacts): string {
  if (path.verdict.verdict === "fragile") return " DMARC passes through DKIM alone, so any DKIM problem makes it fail.";
  if (path.verdict.verdict === "fail") return " With DKIM not aligned either, DMARC fails.";
  return "";
}

export function reportUnauthorizedIps(context: AuditRuleContext, kind: "smart-host" | "direct"): void {
  const { facts, report } = context;
  for (const path of facts.paths as PathFacts[]) {
    if (path.plan.via.kind !== kind) continue;
    const bad = path.spfChecks.filter((c) => NOT_AUTHORISED.has(c.check.result));
    if (bad.length === 0) continue;
    const mailFrom = path.plan.mailFrom.domain;
    const ips = bad.map((c) => c.ip);
    const results = [
      ...new Set(
        bad.map(
          (c) =>
            c.check.result +
            (c.check.matched
              ? ` (matched ${c.check.matched.term})`
              : c.check.problem
                ? ` (${c.check.problem.message})`
                : ""),
        ),
      ),
    ];
    const who =
      path.plan.via.kind === "smart-host"
        ? `Smart host ${path.plan.via.smartHostId} (${path.plan.via.hostname})`
        : "The sending server";
    const record = spfRecordText(facts, mailFrom);
    const terms = ips.map(ipTerm);
    const proposal = spfProposal(domainFacts(facts, mailFrom), mailFrom, terms);
    const where = proposal?.early
      ? "before its first DNS-querying term (the record is over the lookup limits of RFC 7208 §4.6.4, so a later term is never reached)"
      : "before its `all`";
    report({
      domain: mailFrom,
      path: path.plan.pathId,
      message: `${who} on ${describePath(path)} sends from ${listWords(ips)}, which the SPF record of ${mailFrom} does not authorise: SPF gives ${listWords(results)}.${consequence(path)}`,
      supersedes: ["path-single-alignment"],
      evidence: spfTraceEvidence(bad[0]?.check, `the SPF record of ${mailFrom}${record ? "" : " (none)"}`),
      ...(proposal === undefined
        ? {}
        : {
            fix:
              record === undefined || proposal.cleaned
                ? `Publish one valid SPF record for ${mailFrom} that authorises ${listWords(ips)}${proposal.cleaned ? " (in place of the broken one: terms that do not parse are left out)" : ""}:${block([proposal.record])}`
                : `Add ${listWords(terms.map(code))} to the SPF record of ${mailFrom}, ${where}:${block([proposal.record])}`,
            changes: [proposal.change],
          }),
    });
  }
}
