/**
 * DMARC policy discovery: which record applies to an Author (RFC5322.From) Domain, and which of its
 * policies (`p`, `sp`, `np`). RFC 9989 §4.10.1 (DNS Tree Walk) by default, RFC 7489 §6.6.3
 * (Public Suffix List) on request; both are computed from the same answers so that any difference
 * is reported.
 */
import { diagnostic, ref } from "./diagnostic.ts";
import { dmarcName, normalizeDmarcDomain } from "./domain.ts";
import { DmarcQueries, type Existence, walkTargets } from "./lookup.ts";
import { pslOrganizationalDomain, selectOrgDomain } from "./org-domain.ts";
import { parseDmarc } from "./parse.ts";
import type { AppliedPolicy, DmarcDiscovery, DmarcDnsOptions, DmarcLookup, OrgDomainResult } from "./results.ts";
import type { DmarcDiagnostic, DmarcMode, DmarcParseResult, DmarcSpec } from "./types.ts";

/** One method's answer before the two are compared. */
interface MethodOutcome {
  status: DmarcDiscovery["status"];
  reason: string;
  orgDomain: OrgDomainResult;
  lookups: DmarcLookup[];
  policyLookup?: DmarcLookup;
  /** The record that applies to subdomains of the From domain (the Organizational Domain's, or the PSD's). */
  subdomainLookup?: DmarcLookup;
  diagnostics: DmarcDiagnostic[];
}

function temp(l: DmarcLookup): string {
  return `${l.name}: ${l.status}${l.detail ? ` (${l.detail})` : ""}: we could not tell whether a DMARC record exists`;
}

/** Diagnostics for what a lookup found besides a single record. */
function lookupDiagnostics(l: DmarcLookup, spec: DmarcSpec, mode: DmarcMode): DmarcDiagnostic[] {
  const out: DmarcDiagnostic[] = [];
  const place = { name: l.name };
  if (l.outcome === "multiple") {
    const then =
      spec === "rfc9989"
        ? "all are discarded and the tree walk goes on"
        : "policy discovery stops: no DMARC policy applies";
    out.push(
      diagnostic(
        "dmarc-multiple-records",
        "error",
        `${l.dmarc.length} DMARC records at ${l.name}: ${then}`,
        spec === "rfc9989" ? [ref(9989, "4.10")] : [ref(7489, "6.6.3")],
        place,
      ),
    );
  }
  const others = l.txt.filter((t) => !l.dmarc.includes(t));
  if (others.length > 0) {
    out.push(
      diagnostic(
        "dmarc-non-dmarc-txt",
        "info",
        `${others.length} TXT record(s) at ${l.name} do not start with v=DMARC1 and are ignored`,
        [ref(9989, "4.10"), ref(7489, "6.6.3")],
        place,
      ),
    );
  }
  // A record meant as DMARC but not recognised (`v=DMARC1 p=reject`, ` v=DMARC1;`, `v=dmarc1`): say why.
  for (const text of others.filter((t) => /v\s*=\s*dmarc/i.test(t))) {
    const why = parseDmarc(text, { mode, spec }).diagnostics.find((d) => d.severity === "error");
    out.push(
      diagnostic(
        "dmarc-record-ignored",
        "error",
        `${JSON.stringify(text.slice(0, 80))} at ${l.name} looks like a DMARC record but is ignored: ${why?.message ?? "it does not start with v=DMARC1"}`,
        [ref(9989, "4.7"), ref(9989, "4.10")],
        place,
      ),
    );
  }
  if (l.cnameChain.length > 0 && l.outcome === "record") {
    out.push(
      diagnostic(
        "dmarc-record-cname",
        "info",
        `${l.name} is an alias (${l.cnameChain.join(" -> ")}); the record applies as if published at ${l.name}`,
        [ref(1034, "3.6.2")],
        place,
      ),
    );
  }
  return out;
}

/** RFC 9989 §4.10.1 over the walk from the Author Domain. */
function byTreeWalk(from: string, walk: DmarcLookup[], mode: DmarcMode): MethodOutcome {
  const [author] = walk as [DmarcLookup];
  const diagnostics = walk.flatMap((l) => lookupDiagnostics(l, "rfc9989", mode));
  const orgDomain = selectOrgDomain(from, walk);
  const base = { orgDomain, lookups: walk, diagnostics };
  const org = orgDomain.orgDomain;
  const orgLookup = walk.find((l) => l.domain === org && l.outcome === "record");
  const psdLookup = walk.find(
    (l, i) => orgDomain.walk?.[i]?.used === true && l.outcome === "record" && l.psd === "y" && l.domain !== org,
  );
  const subdomainLookup = orgLookup ?? psdLookup;
  const withSub = subdomainLookup === undefined ? base : { ...base, subdomainLookup };
  if (author.outcome === "temperror") return { ...withSub, status: "temperror", reason: temp(author) };
  if (author.outcome === "record")
    return { ...withSub, status: "found", reason: `record at ${author.name}, the Author Domain`, policyLookup: author };
  if (orgDomain.status !== "ok") return { ...withSub, status: "temperror", reason: orgDomain.reason };
  if (orgLookup !== undefined)
    return {
      ...withSub,
      status: "found",
      reason: `no record for ${from}; record at ${orgLookup.name}, its Organizational Domain (${orgDomain.reason})`,
      policyLookup: orgLookup,
    };
  if (psdLookup !== undefined)
    return {
      ...withSub,
      status: "found",
      reason: `no record for ${from} or its Organizational Domain ${org}; record at ${psdLookup.name}, its Public Suffix Domain (psd=y)`,
      policyLookup: psdLookup,
    };
  return {
    ...withSub,
    status: "none",
    reason: `no DMARC record in the tree walk (${walk.map((l) => l.name).join(", ")})`,
  };
}

/** RFC 7489 §6.6.3 steps 1-5: the From domain, then the PSL Organizational Domain. */
function byPsl(
  from: string,
  author: DmarcLookup,
  orgLookup: DmarcLookup | undefined,
  orgDomain: OrgDomainResult,
  mode: DmarcMode,
): MethodOutcome {
  const lookups = orgLookup === undefined ? [author] : [author, orgLookup];
  const diagnostics = lookups.flatMap((l) => lookupDiagnostics(l, "rfc7489", mode));
  const subdomainLookup =
    orgLookup?.outcome === "record"
      ? orgLookup
      : author.domain === orgDomain.orgDomain && author.outcome === "record"
        ? author
        : undefined;
  const base = { orgDomain, lookups, diagnostics, ...(subdomainLookup === undefined ? {} : { subdomainLookup }) };
  if (author.outcome === "temperror") return { ...base, status: "temperror", reason: temp(author) };
  if (author.outcome === "record")
    return { ...base, status: "found", reason: `record at ${author.name}, the Author Domain`, policyLookup: author };
  if (author.outcome === "multiple")
    return {
      ...base,
      status: "none",
      reason: `several DMARC records at ${author.name}: policy discovery terminates (RFC 7489 §6.6.3 step 5)`,
    };
  if (orgLookup === undefined)
    return {
      ...base,
      status: "none",
      reason: `no record at ${author.name}, and ${from} is its own Organizational Domain`,
    };
  if (orgLookup.outcome === "temperror") return { ...base, status: "temperror", reason: temp(orgLookup) };
  if (orgLookup.outcome === "record")
    return {
      ...base,
      status: "found",
      reason: `no record for ${from}; record at ${orgLookup.name}, its Organizational Domain (PSL)`,
      policyLookup: orgLookup,
    };
  if (orgLookup.outcome === "multiple")
    return {
      ...base,
      status: "none",
      reason: `several DMARC records at ${orgLookup.name}: policy discovery terminates (RFC 7489 §6.6.3 step 5)`,
    };
  return { ...base, status: "none", reason: `no record at ${author.name} or ${orgLookup.name}` };
}

/** Which policy applies to `target` from the record at `lookup` (RFC 9989 §4.10.1, RFC 7489 §6.6.3). */
function applied(
  parsed: DmarcParseResult,
  policyDomain: string,
  target: "self" | "existing" | "non-existent",
  spec: DmarcSpec,
): AppliedPolicy {
  const r = parsed.record;
  if (r === undefined || parsed.policyStatus !== "ok" || target === "self")
    return { p: r?.p ?? "none", source: "p", policyDomain };
  const hasSp = !r.defaulted.includes("sp");
  const hasNp = spec === "rfc9989" && !r.defaulted.includes("np");
  if (target === "non-existent" && hasNp) return { p: r.np, source: "np", policyDomain };
  if (hasSp) return { p: r.sp, source: "sp", policyDomain };
  return { p: r.p, source: "p", policyDomain };
}

function parseAt(l: DmarcLookup, mode: DmarcMode, spec: DmarcSpec): DmarcParseResult {
  return parseDmarc(l.dmarc[0] ?? "", { mode, spec });
}

/** Builds the public result of one method. */
function finish(
  from: string,
  method: DmarcSpec,
  mode: DmarcMode,
  o: MethodOutcome,
  existence: Existence,
): DmarcDiscovery {
  const d: DmarcDiscovery = {
    fromDomain: from,
    method,
    mode,
    status: o.status,
    reason: o.reason,
    fromDomainExists: existence.exists,
    orgDomain: o.orgDomain,
    lookups: o.lookups,
    diagnostics: o.diagnostics,
    other: { method: method === "rfc9989" ? "rfc7489" : "rfc9989", status: "none" },
  };
  const pl = o.policyLookup;
  if (pl !== undefined && o.status === "found") {
    const record = parseAt(pl, mode, method);
    d.policyDomain = pl.domain;
    d.recordName = pl.name;
    d.record = record;
    if (record.policyStatus === "unusable") {
      d.status = "invalid";
      d.reason = `${o.reason}; its policy is unusable, so receivers apply no DMARC processing`;
    }
    let target: "self" | "existing" | "non-existent" = "self";
    if (pl.domain !== from) target = existence.exists === false ? "non-existent" : "existing";
    if (record.policyStatus !== "unusable") d.policy = applied(record, pl.domain, target, method);
    if (
      target !== "self" &&
      existence.exists === "unknown" &&
      record.record !== undefined &&
      record.record.np !== record.record.sp
    ) {
      d.diagnostics.push(
        diagnostic(
          "dmarc-existence-unknown",
          "warning",
          `whether ${from} exists is unknown (${existence.status}); "sp" is assumed, "np" would give ${record.record.np}`,
          [ref(9989, "4.10.1"), ref(9989, "3.2.13")],
          { name: from },
        ),
      );
    }
  }
  const sl = o.subdomainLookup;
  if (sl !== undefined) {
    const sub = parseAt(sl, mode, method);
    if (sub.policyStatus !== "unusable") {
      d.subdomainPolicy = {
        existing: applied(sub, sl.domain, "existing", method),
        nonExistent: applied(sub, sl.domain, "non-existent", method),
      };
    }
  }
  return d;
}

function differences(a: DmarcDiscovery, b: DmarcDiscovery): string[] {
  const out: string[] = [];
  if (a.status !== b.status) out.push(`status ${a.status} vs ${b.status}`);
  if (a.policyDomain !== b.policyDomain)
    out.push(`policy domain ${a.policyDomain ?? "(none)"} vs ${b.policyDomain ?? "(none)"}`);
  if (a.orgDomain.orgDomain !== b.orgDomain.orgDomain)
    out.push(
      `Organizational Domain ${a.orgDomain.orgDomain ?? "(unknown)"} vs ${b.orgDomain.orgDomain ?? "(unknown)"}`,
    );
  if (a.policy?.p !== b.policy?.p || a.policy?.source !== b.policy?.source) {
    out.push(
      `policy ${a.policy ? `${a.policy.source}=${a.policy.p}` : "(none)"} vs ${b.policy ? `${b.policy.source}=${b.policy.p}` : "(none)"}`,
    );
  }
  return out;
}

/**
 * Discovers the DMARC record and policy that apply to `fromDomain`. Asks `_dmarc.<name>` TXT for
 * the tree walk names (at most eight, concurrently), the PSL Organizational Domain when the walk
 * does not cover it, and `<fromDomain>` TXT for existence (`np`). Never throws.
 */
export async function discoverDmarc(
  fromDomain: string,
  options: DmarcDnsOptions & { queries?: DmarcQueries },
): Promise<DmarcDiscovery> {
  const method = options.method ?? "rfc9989";
  const mode = options.mode ?? "strict";
  const from = normalizeDmarcDomain(fromDomain);
  const queries = options.queries ?? new DmarcQueries(options.resolver, mode, options.signal);
  if (from === undefined) return invalidDomain(String(fromDomain), method, mode);
  const psl = pslOrganizationalDomain(
    from,
    options.pslPrivateDomains === undefined ? {} : { privateDomains: options.pslPrivateDomains },
  );
  const pslOrg = psl.orgDomain ?? from;
  const targets = walkTargets(from);
  const [walk, pslOrgLookup, existence] = await Promise.all([
    Promise.all(targets.map((t) => queries.at(t))),
    pslOrg === from ? Promise.resolve(undefined) : queries.at(pslOrg),
    queries.exists(from),
  ]);
  const author = walk[0] as DmarcLookup;
  const tree = finish(from, "rfc9989", mode, byTreeWalk(from, walk, mode), existence);
  const list = finish(from, "rfc7489", mode, byPsl(from, author, pslOrgLookup, psl, mode), existence);
  const [chosen, other] = method === "rfc9989" ? [tree, list] : [list, tree];
  chosen.other = { method: other.method, status: other.status };
  if (other.policyDomain !== undefined) chosen.other.policyDomain = other.policyDomain;
  if (other.orgDomain.orgDomain !== undefined) chosen.other.orgDomain = other.orgDomain.orgDomain;
  if (other.policy !== undefined) chosen.other.policy = other.policy;
  const diff = differences(chosen, other);
  if (diff.length > 0) {
    chosen.diagnostics.push(
      diagnostic(
        "dmarc-methods-differ",
        "warning",
        `RFC 9989 (tree walk) and RFC 7489 (PSL) receivers disagree for ${from}: ${method === "rfc9989" ? "" : "RFC 7489 vs RFC 9989: "}${diff.join("; ")}`,
        [ref(9989, "C.3")],
        { name: dmarcName(from) },
      ),
    );
  }
  if (psl.registrableDomain === null) {
    chosen.diagnostics.push(
      diagnostic(
        "dmarc-from-public-suffix",
        "info",
        `${from} is itself a public suffix (PSL); RFC 7489 treats it as its own Organizational Domain`,
        [ref(7489, "3.2")],
        { name: from },
      ),
    );
  }
  return chosen;
}

function invalidDomain(input: string, method: DmarcSpec, mode: DmarcMode): DmarcDiscovery {
  const org: OrgDomainResult = { domain: input, method, status: "invalid", reason: "not a domain name" };
  return {
    fromDomain: input,
    method,
    mode,
    status: "none",
    reason: `${JSON.stringify(input)} is not a domain name: DMARC validation is not possible`,
    fromDomainExists: "unknown",
    orgDomain: org,
    lookups: [],
    diagnostics: [
      diagnostic("dmarc-from-domain-invalid", "error", `${JSON.stringify(input)} is not a domain name`, [
        ref(9989, "5.3.1"),
        ref(7489, "6.6.1"),
      ]),
    ],
    other: { method: method === "rfc9989" ? "rfc7489" : "rfc9989", status: "none" },
  };
}
