/**
 * DMARC evaluation (RFC 9989 §5.3.3-5.3.6, RFC 7489 §6.6.2): given the SPF and DKIM outcomes of a
 * sending path, does DMARC pass, through which identifier, and which policy would a receiver apply?
 */
import { alignIdentifier, alignmentMode } from "./align.ts";
import { discoverDmarc } from "./discover.ts";
import { normalizeDmarcDomain } from "./domain.ts";
import { DmarcQueries } from "./lookup.ts";
import { type OrgLookup, orgDomainFinder } from "./org-domain.ts";
import type { AppliedPolicy, DmarcDiscovery, DmarcDnsOptions } from "./results.ts";
import type { AlignmentMode, DmarcParseResult, DmarcPolicy, DmarcResult } from "./types.ts";

/** What an audit knows about one sending path. */
export interface DmarcEvaluationInput {
  /** The RFC5322.From domain. */
  fromDomain: string;
  /** The SPF result for the RFC5321.MailFrom identity and that domain (RFC 9989 §4.4.2). */
  spf?: { result: string; domain: string };
  /** Each DKIM signature's result, `d=` domain and selector (RFC 9989 §4.4.1). */
  dkim?: Array<{ result: string; domain: string; selector?: string }>;
}

/** One Authenticated Identifier checked for alignment. */
export interface IdentifierCheck {
  method: "spf" | "dkim";
  domain: string;
  selector?: string;
  /** The SPF or DKIM result as given. Only `pass` can align. */
  result: string;
  mode: AlignmentMode;
  /** `unknown` when a DNS failure left its Organizational Domain undetermined. */
  aligned: boolean | "unknown";
  orgDomain?: string;
  reason: string;
}

/** What {@link evaluateDmarc} returns. */
export interface DmarcEvaluation {
  /**
   * - `pass`: at least one aligned SPF or DKIM pass (RFC 9989 §5.3.5).
   * - `fail`: a policy applies and no identifier aligns.
   * - `none`: no DMARC record applies (RFC 9989 §5.3.2).
   * - `temperror`: a DNS failure (the record, or an Organizational Domain needed for alignment).
   * - `permerror`: a record applies but is unusable (RFC 8601 §2.7.1).
   */
  result: DmarcResult;
  alignedBy: Array<"spf" | "dkim">;
  /** The policy for the From domain and its source tag; `testing` is `t=y`, `pct` RFC 7489's. */
  policy?: AppliedPolicy & { testing: boolean; pct: number };
  /** On `fail`: what a receiver following the policy applies (`t=y` lowers it one level, RFC 9989 §4.7). */
  disposition?: DmarcPolicy;
  record?: DmarcParseResult;
  orgDomain?: string;
  reason: string;
  evidence: { discovery: DmarcDiscovery; identifiers: IdentifierCheck[] };
}

const WEAKER: Record<DmarcPolicy, DmarcPolicy> = { reject: "quarantine", quarantine: "none", none: "none" };

type OrgOf = (domain: string) => Promise<OrgLookup>;

async function checkOne(
  method: "spf" | "dkim",
  id: { result: string; domain: string; selector?: string },
  from: string,
  mode: AlignmentMode,
  fromOrg: OrgLookup,
  orgOf: OrgOf,
): Promise<IdentifierCheck> {
  const check: IdentifierCheck = { method, domain: id.domain, result: id.result, mode, aligned: false, reason: "" };
  if (id.selector !== undefined) check.selector = id.selector;
  const domain = normalizeDmarcDomain(id.domain);
  if (String(id.result).toLowerCase() !== "pass") {
    check.reason = `${method.toUpperCase()} result is ${id.result}, not pass: it cannot align`;
    return check;
  }
  if (domain === undefined) {
    check.reason = `${JSON.stringify(id.domain)} is not a domain`;
    return check;
  }
  const alignment = await alignIdentifier(domain, from, mode, (d) => (d === from ? fromOrg : orgOf(d)));
  check.aligned = alignment.aligned;
  check.reason = alignment.reason;
  if (alignment.orgDomain !== undefined) check.orgDomain = alignment.orgDomain;
  return check;
}

/**
 * Evaluates DMARC for a From domain and the SPF/DKIM outcomes of a path. Discovers the policy
 * (or uses `options.discovery`), then checks Identifier Alignment with the Organizational Domains
 * of the method in force (RFC 9989 tree walks are asked only for passing identifiers that differ
 * from the From domain, concurrently). Never throws.
 */
export async function evaluateDmarc(
  input: DmarcEvaluationInput,
  options: DmarcDnsOptions & { discovery?: DmarcDiscovery; queries?: DmarcQueries },
): Promise<DmarcEvaluation> {
  const method = options.discovery?.method ?? options.method ?? "rfc9989";
  const queries = options.queries ?? new DmarcQueries(options.resolver, options.mode ?? "strict", options.signal);
  const discovery = options.discovery ?? (await discoverDmarc(input.fromDomain, { ...options, method, queries }));
  const base = {
    alignedBy: [] as Array<"spf" | "dkim">,
    evidence: { discovery, identifiers: [] as IdentifierCheck[] },
  };
  if (discovery.status === "none") return { ...base, result: "none", reason: discovery.reason };
  if (discovery.status === "temperror") return { ...base, result: "temperror", reason: discovery.reason };
  const record = discovery.record as DmarcParseResult;
  if (discovery.status === "invalid") return { ...base, result: "permerror", record, reason: discovery.reason };

  const from = discovery.fromDomain;
  const r = record.record;
  const fromOrg: OrgLookup =
    discovery.orgDomain.status === "ok" && discovery.orgDomain.orgDomain !== undefined
      ? { org: discovery.orgDomain.orgDomain }
      : { temp: discovery.orgDomain.reason };
  const orgOf = orgDomainFinder(method, queries, options.pslPrivateDomains);
  const spfMode = alignmentMode(r?.aspf ?? "r");
  const dkimMode = alignmentMode(r?.adkim ?? "r");
  const identifiers = await Promise.all([
    ...(input.spf === undefined ? [] : [checkOne("spf", input.spf, from, spfMode, fromOrg, orgOf)]),
    ...(input.dkim ?? []).map((d) => checkOne("dkim", d, from, dkimMode, fromOrg, orgOf)),
  ]);
  base.evidence.identifiers = identifiers;
  const alignedBy = [...new Set(identifiers.filter((i) => i.aligned === true).map((i) => i.method))];
  const orgDomain = discovery.orgDomain.orgDomain;
  const policy = discovery.policy;
  const testing = method === "rfc9989" && r?.t === "y";
  const out: DmarcEvaluation = { ...base, alignedBy, result: "fail", record, reason: "" };
  if (orgDomain !== undefined) out.orgDomain = orgDomain;
  if (policy !== undefined) out.policy = { ...policy, testing, pct: method === "rfc7489" ? (r?.pct ?? 100) : 100 };
  if (alignedBy.length > 0) {
    out.result = "pass";
    out.reason = `aligned ${alignedBy.join(" and ").toUpperCase()} pass`;
    return out;
  }
  if (identifiers.some((i) => i.aligned === "unknown")) {
    out.result = "temperror";
    out.reason = "no aligned pass yet, and a DNS failure left the alignment of a passing identifier unknown";
    return out;
  }
  out.reason =
    identifiers.length === 0
      ? "no Authenticated Identifier (no SPF or DKIM pass)"
      : "no SPF or DKIM pass aligns with the From domain";
  if (policy !== undefined) out.disposition = testing ? WEAKER[policy.p] : policy.p;
  return out;
}
