/**
 * MX host names against MTA-STS `mx` patterns (RFC 8461 §4.1): a pattern is a host name, or `*.`
 * followed by a domain, where the `*` stands for exactly one whole left-most label, as in RFC 6125
 * §6.4.3. `*.example.com` matches `mail.example.com` but not `example.com` nor
 * `foo.mail.example.com`. (checkdmarc's and mailauth's matchers accept several labels; we do not.)
 */

function normalise(name: string): string {
  const lower = name.toLowerCase();
  return lower.length > 1 && lower.endsWith(".") ? lower.slice(0, -1) : lower;
}

/**
 * Whether MX host `host` matches MTA-STS policy pattern `pattern` (RFC 8461 §4.1). Case-insensitive;
 * one trailing dot on the host is ignored (DNS names may be written absolute), but not on the
 * pattern, which the policy ABNF does not allow. Never throws; anything that is not a string matches
 * nothing.
 */
export function mtaStsMatches(host: string, pattern: string): boolean {
  if (typeof host !== "string" || typeof pattern !== "string") return false;
  const h = normalise(host);
  const p = pattern.toLowerCase();
  if (h === "" || p === "" || p.endsWith(".") || h.includes("*")) return false;
  if (p.startsWith("*.")) {
    const suffix = p.slice(2);
    if (suffix === "" || suffix.includes("*")) return false;
    if (!h.endsWith(`.${suffix}`)) return false;
    const label = h.slice(0, h.length - suffix.length - 1);
    return label.length > 0 && !label.includes(".");
  }
  if (p.includes("*")) return false;
  return h === p;
}

/** One MX host and the patterns that cover it. */
export interface MxCoverage {
  host: string;
  /** The patterns that match this host, in policy order; empty when none does. */
  matchedBy: string[];
}

/** What {@link matchMxHosts} returns. */
export interface MxMatchResult {
  hosts: MxCoverage[];
  /** MX hosts no pattern matches: in mode `enforce`, senders refuse to deliver to them (RFC 8461 §5.1). */
  uncovered: string[];
  /** Patterns that match no MX host (stale entries, or typos that leave a host uncovered). */
  unusedPatterns: string[];
}

/** Matches every MX host against every pattern (both lists bounded by the caller's limits). */
export function matchMxHosts(hosts: readonly string[], patterns: readonly string[]): MxMatchResult {
  const unique = [...new Set(hosts.map(normalise))].filter((h) => h !== "");
  const coverage = unique.map((host) => ({ host, matchedBy: patterns.filter((p) => mtaStsMatches(host, p)) }));
  return {
    hosts: coverage,
    uncovered: coverage.filter((c) => c.matchedBy.length === 0).map((c) => c.host),
    unusedPatterns: patterns.filter((p) => !unique.some((h) => mtaStsMatches(h, p))),
  };
}
