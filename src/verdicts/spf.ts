/** The SPF part of a path verdict: one result standing for every egress address. */
import type { GatheredPath } from "../facts/types.ts";
import type { SpfResult } from "../spf/types.ts";
import type { PathVerdict, SpfIpResult } from "./types.ts";

/**
 * Which result stands for several addresses: the first of these that occurs. A definite failure of
 * one address is a failure of the path; a temperror of one leaves the path undecided even when the
 * others pass (only `pass` counts for DMARC, RFC 9989 §4.4.2).
 */
const SPF_ORDER: readonly SpfResult[] = ["permerror", "fail", "softfail", "neutral", "none", "temperror", "pass"];

export function worstSpf(results: readonly SpfResult[]): SpfResult {
  for (const r of SPF_ORDER) if (results.includes(r)) return r;
  return "none";
}

/**
 * The path's SPF result. `unknown` (never `none`) when the egress addresses are not all known: no
 * address at all, a failed question, or a failure of addresses sampled from catalog terms marked
 * unconfirmed (they may not be the provider's real servers).
 */
export function pathSpfResult(path: GatheredPath): {
  result: PathVerdict["spf"]["result"];
  ips: SpfIpResult[];
  reason?: string;
} {
  const ips = path.spfChecks.map(({ ip, check }) => {
    const r: SpfIpResult = { ip, result: check.result };
    if (check.matched !== undefined) r.matched = { term: check.matched.term, domain: check.matched.domain };
    if (check.explanation !== undefined) r.explanation = check.explanation;
    return r;
  });
  const egress = path.egress;
  if (ips.length === 0)
    return { result: "unknown", ips, reason: `no egress addresses: ${egress.problem ?? "none known"}` };
  const worst = worstSpf(ips.map((i) => i.result));
  if (worst === "pass" && egress.state !== "present")
    return { result: "unknown", ips, reason: `some egress addresses are not known: ${egress.problem ?? egress.state}` };
  if (worst !== "pass" && worst !== "temperror" && (egress.unconfirmed?.length ?? 0) > 0)
    return {
      result: "unknown",
      ips,
      reason: `the addresses were sampled from catalog terms marked unconfirmed (${egress.unconfirmed?.join(", ")}): they may not be the provider's servers`,
    };
  return { result: worst, ips };
}
