/** The shared check of smarthost-not-authorized and direct-not-authorized. */
import { printable } from "../common/printable.ts";
import type { PathFacts } from "../verdicts/types.ts";
import type { AuditRuleContext } from "./define.ts";
import { listWords } from "./define.ts";
import { describePath, spfRecordText, spfTraceEvidence } from "./path-helpers.ts";

/** Results that mean "this IP is not authorised" (temperror means we could not tell: dns-temperror says so). */
export const NOT_AUTHORISED = new Set(["fail", "softfail", "neutral", "none", "permerror"]);

/**
 * The record with `terms` added before its `all` (or `redirect=`), or a new minimal record. The
 * record comes from DNS: its control and invisible characters (newlines too) are made visible, so
 * that it stays one line of the fix's code block (docs/security.md).
 */
export function proposeSpf(record: string | undefined, terms: readonly string[]): string {
  if (record === undefined) return `v=spf1 ${terms.join(" ")} -all`;
  const parts = printable(record).trim().split(/ +/);
  const at = parts.findIndex((p, i) => i > 0 && (/^[-~?+]?all$/i.test(p) || /^redirect=/i.test(p)));
  const insertAt = at < 0 ? parts.length : at;
  return [...parts.slice(0, insertAt), ...terms, ...parts.slice(insertAt)].join(" ");
}

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
    const broken = bad.every((c) => c.check.result === "permerror" || c.check.result === "none");
    report({
      domain: mailFrom,
      path: path.plan.pathId,
      message: `${who} on ${describePath(path)} sends from ${listWords(ips)}, which the SPF record of ${mailFrom} does not authorise: SPF gives ${listWords(results)}.${consequence(path)}`,
      supersedes: ["path-single-alignment"],
      evidence: spfTraceEvidence(bad[0]?.check, `the SPF record of ${mailFrom}${record ? "" : " (none)"}`),
      fix: broken
        ? `Publish a valid SPF record for ${mailFrom} that authorises ${listWords(ips)}:\n\n    ${proposeSpf(record, ips.map(ipTerm))}`
        : `Add ${listWords(ips.map((ip) => `\`${ipTerm(ip)}\``))} to the SPF record of ${mailFrom}, before its \`all\`:\n\n    ${proposeSpf(record, ips.map(ipTerm))}`,
    });
  }
}
