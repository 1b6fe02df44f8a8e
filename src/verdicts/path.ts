/**
 * The verdict for one gathered path: SPF (the worst result over the egress addresses), each DKIM
 * signature's result, Identifier Alignment and the DMARC result from `evaluateDmarc` (the one
 * implementation of alignment, src/dmarc/align.ts), and whether the path passes, is fragile, fails
 * or cannot be told. A DNS failure never turns a pass into a fail: it makes the verdict `unknown`.
 */
import { alignIdentifier } from "../dmarc/align.ts";
import { evaluateDmarc } from "../dmarc/evaluate.ts";
import type { AuditContext } from "../facts/context.ts";
import { requirementStatus } from "../facts/requirements.ts";
import { keyState } from "../facts/state.ts";
import type { GatheredPath } from "../facts/types.ts";
import type { SpfResult } from "../spf/types.ts";
import { dkimResultOf, providerFallback } from "./dkim.ts";
import { pathSpfResult } from "./spf.ts";
import type { AlignedState, PathFacts, PathVerdict } from "./types.ts";

/** Whether an identifier counts for DMARC: a pass that aligns; unknown when either part is unknown. */
type Counts = "yes" | "no" | "unknown";

function counts(result: string, aligned: AlignedState): Counts {
  if (result === "unknown" || result === "temperror") return "unknown";
  if (result !== "pass") return "no";
  return aligned === "unknown" ? "unknown" : aligned ? "yes" : "no";
}

function anyCounts(all: readonly Counts[]): Counts {
  if (all.includes("yes")) return "yes";
  return all.includes("unknown") ? "unknown" : "no";
}

/** pass / fragile / fail when both identifiers are known; `unknown` as soon as the outcome depends on one that is not. */
export function combineVerdict(spf: Counts, dkim: Counts): PathVerdict["verdict"] {
  if (spf === "unknown" || dkim === "unknown") return "unknown";
  if (spf === "yes" && dkim === "yes") return "pass";
  return spf === "yes" || dkim === "yes" ? "fragile" : "fail";
}

/**
 * Alignment of `domain` with the From domain under the record's mode. Without a record, relaxed
 * (the default the report shows); when the record could not be read, the mode is unknown: the
 * answer is known only if both modes agree.
 */
async function alignment(
  domain: string,
  from: string,
  flag: "r" | "s" | undefined,
  ctx: AuditContext,
): Promise<AlignedState> {
  const orgOf = (d: string) => ctx.orgOf(d);
  if (flag !== undefined) return (await alignIdentifier(domain, from, flag, orgOf)).aligned;
  const [relaxed, strict] = await Promise.all([
    alignIdentifier(domain, from, "r", orgOf),
    alignIdentifier(domain, from, "s", orgOf),
  ]);
  return relaxed.aligned === strict.aligned ? relaxed.aligned : "unknown";
}

function viaOf(path: GatheredPath): PathVerdict["via"] {
  const via = path.plan.via;
  if (via.kind === "provider")
    return { kind: "provider", id: via.providerId, catalog: via.entry.id, name: via.entry.name };
  return via.kind === "smart-host" ? { kind: "smartHost", id: via.smartHostId } : { kind: "direct" };
}

/** Judges a gathered path: its DMARC evaluation and verdict. */
export async function judgePath(path: GatheredPath, ctx: AuditContext): Promise<PathFacts> {
  const { plan, discovery } = path;
  const record = discovery.record?.record;
  // The alignment modes: the record's when one applies, relaxed without a record, unknown after a DNS failure.
  const known = discovery.status !== "temperror";
  const aspf = known ? (record?.aspf === "s" ? "s" : "r") : undefined;
  const adkim = known ? (record?.adkim === "s" ? "s" : "r") : undefined;

  const spf = pathSpfResult(path);
  const spfAligned = await alignment(plan.mailFrom.domain, plan.fromDomain, aspf, ctx);

  const dkim: PathVerdict["dkim"] = await Promise.all(
    path.signatures.map(async (s) => {
      const { result, reason } = dkimResultOf(s.lookup);
      const entry: PathVerdict["dkim"][number] = {
        domain: s.planned.domain,
        selector: s.planned.selector,
        result,
        aligned: await alignment(s.planned.domain, plan.fromDomain, adkim, ctx),
      };
      if (reason !== undefined) entry.reason = reason;
      const bits = s.lookup?.record?.key?.bits;
      if (bits !== undefined) entry.keyBits = bits;
      return entry;
    }),
  );
  // The provider's own signature stands in only when the customer's keys are proven absent.
  const fallback = path.signatures.every((s) => keyState(s.lookup) === "absent") ? providerFallback(plan) : undefined;
  if (fallback !== undefined) {
    dkim.push({
      domain: fallback.domain,
      selector: fallback.selector,
      result: "pass",
      aligned: await alignment(fallback.domain, plan.fromDomain, adkim, ctx),
      reason: fallback.reason,
    });
  }

  // `unknown` is not an SPF or DKIM result: a receiver would see something, we cannot tell what.
  // evaluateDmarc gets temperror for those (it cannot count them as pass), which keeps DMARC honest.
  const dmarc = await evaluateDmarc(
    {
      fromDomain: plan.fromDomain,
      spf: {
        result: spf.result === "unknown" ? "temperror" : (spf.result satisfies SpfResult),
        domain: plan.mailFrom.domain,
      },
      dkim: dkim.map((d) => ({
        result: d.result === "unknown" ? "temperror" : d.result,
        domain: d.domain,
        selector: d.selector,
      })),
    },
    { resolver: ctx.resolver, discovery, queries: ctx.dmarcQueries, ...(ctx.signal ? { signal: ctx.signal } : {}) },
  );

  const spfCounts = counts(spf.result, spfAligned);
  const dkimCounts = anyCounts(dkim.map((d) => counts(d.result, d.aligned)));
  const verdict: PathVerdict = {
    id: plan.pathId,
    fromDomain: plan.fromDomain,
    via: viaOf(path),
    mailFrom: { domain: plan.mailFrom.domain, source: plan.mailFrom.source },
    spf: {
      result: spf.result,
      domain: plan.mailFrom.domain,
      aligned: spfAligned,
      ips: spf.ips,
      ipsSource: path.egress.source,
    },
    dkim,
    dmarc: {
      result: dmarc.result,
      alignedBy: dmarc.alignedBy,
      policy: dmarc.policy ? { p: dmarc.policy.p, source: dmarc.policy.source } : null,
    },
    verdict: combineVerdict(spfCounts, dkimCounts),
  };
  if (spf.reason !== undefined) verdict.spf.reason = spf.reason;
  const risks = path.requirements.flatMap((r) => {
    const { status } = requirementStatus(r);
    if (status !== "missing" && status !== "wrong") return [];
    const name = plan.via.kind === "provider" ? plan.via.entry.name : "the provider";
    return [`${name} requires ${r.requirement.name} ${r.requirement.type} ${r.requirement.value}, which is ${status}`];
  });
  if (risks.length > 0) verdict.spf.risks = risks;
  if (plan.description !== undefined) verdict.description = plan.description;
  if (discovery.recordName !== undefined) verdict.dmarc.recordDomain = discovery.recordName;
  if (verdict.verdict === "unknown")
    verdict.open = openQuestions(verdict, spfCounts, discovery.status, discovery.reason);
  return { ...path, dmarc, verdict };
}

/** What keeps an unknown verdict open, one line each. */
function openQuestions(v: PathVerdict, spf: Counts, dmarcStatus: string, dmarcReason: string): string[] {
  const open: string[] = [];
  if (spf === "unknown") {
    if (v.spf.result === "unknown") open.push(`SPF: ${v.spf.reason ?? "the egress addresses are not known"}`);
    else if (v.spf.result === "temperror") open.push(`SPF: check_host() gives temperror for ${v.spf.domain}`);
    else open.push(`SPF: the alignment of ${v.spf.domain} with ${v.fromDomain} could not be determined`);
  }
  for (const d of v.dkim) {
    if (d.result === "unknown" || d.result === "temperror")
      open.push(`DKIM: d=${d.domain} s=${d.selector}: ${d.reason ?? d.result}`);
    else if (d.result === "pass" && d.aligned === "unknown")
      open.push(`DKIM: the alignment of d=${d.domain} with ${v.fromDomain} could not be determined`);
  }
  if (dmarcStatus === "temperror") open.push(`DMARC: ${dmarcReason}`);
  return open;
}
