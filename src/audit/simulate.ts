/**
 * Simulates what a receiver does with mail on one planned path: SPF (check_host for each egress
 * IP against the MAIL FROM domain), the DKIM keys the path signs with, and DMARC for the From
 * domain with both; then the verdict. Every question goes through the audit's shared resolver.
 */
import { lookupDkimKey } from "../dkim/lookup.ts";
import type { DkimKeyLookup } from "../dkim/types.ts";
import { evaluateDmarc } from "../dmarc/evaluate.ts";
import type { DmarcDiscovery } from "../dmarc/results.ts";
import { resolveSafely } from "../dns/answer.ts";
import type { PathPlan } from "../org/plan.ts";
import { checkHost } from "../spf/check-host.ts";
import type { SpfCheckResult, SpfResult } from "../spf/types.ts";
import type { AuditContext } from "./context.ts";
import { egressOf } from "./egress.ts";
import type { PathFacts, SignatureFacts } from "./facts.ts";
import type { DkimResultName, PathVerdict } from "./report-types.ts";

/** Which SPF result stands for several IPs: the first of these that occurs (only `pass` counts for DMARC). */
const SPF_ORDER: readonly SpfResult[] = ["permerror", "fail", "softfail", "neutral", "none", "temperror", "pass"];

export function worstSpf(results: readonly SpfResult[]): SpfResult {
  for (const r of SPF_ORDER) if (results.includes(r)) return r;
  return "none";
}

/** A key lookup as the DKIM result a receiver would give a signature made with it (RFC 8601 §2.7.1). */
export function dkimResultOf(lookup: DkimKeyLookup | undefined): { result: DkimResultName; reason?: string } {
  if (lookup === undefined)
    return { result: "none", reason: "the selector is assigned by the provider: give it in the path's dkim list" };
  if (lookup.usable) return { result: "pass" };
  if (lookup.failure === "temperror")
    return { result: "temperror", reason: `the key could not be read: ${lookup.status}` };
  const first = lookup.diagnostics.find((d) => d.severity === "error");
  return { result: "permerror", reason: first?.message ?? `key ${lookup.status}` };
}

async function aligned(domain: string, from: string, mode: "r" | "s", ctx: AuditContext): Promise<boolean> {
  const a = domain.toLowerCase();
  const b = from.toLowerCase();
  if (a === b) return true;
  if (mode === "s") return false;
  const [x, y] = await Promise.all([ctx.orgOf(a), ctx.orgOf(b)]);
  return x.org !== undefined && x.org === y.org;
}

async function spfChecks(
  plan: PathPlan,
  ips: readonly string[],
  ctx: AuditContext,
): Promise<{ ip: string; check: SpfCheckResult }[]> {
  const helo = plan.via.kind === "smart-host" ? plan.via.hostname : plan.mailFrom.domain;
  return Promise.all(
    ips.map(async (ip) => ({
      ip,
      check: await checkHost(
        { ip, domain: plan.mailFrom.domain, sender: `postmaster@${plan.mailFrom.domain}`, helo },
        {
          resolver: ctx.resolver,
          cache: ctx.spfCache,
          now: () => ctx.now.getTime(),
          ...(ctx.signal ? { signal: ctx.signal } : {}),
        },
      ),
    })),
  );
}

async function signatures(plan: PathPlan, ctx: AuditContext): Promise<SignatureFacts[]> {
  return Promise.all(
    plan.dkim.map(async (planned): Promise<SignatureFacts> => {
      if (planned.unresolved !== undefined && planned.unresolved.length > 0) return { planned };
      const lookup = await lookupDkimKey(planned.selector, planned.domain, {
        resolver: ctx.resolver,
        providerOf: ctx.providerOf,
        ...(ctx.signal ? { signal: ctx.signal } : {}),
      });
      return { planned, lookup };
    }),
  );
}

/**
 * The signature a provider adds with its own domain while the customer's domain is not set up
 * for DKIM (Exchange Online's `<tenant>.onmicrosoft.com`, SendGrid's `sendgrid.net`): it passes,
 * but cannot align with the From domain.
 */
function providerFallback(
  plan: PathPlan,
  sigs: readonly SignatureFacts[],
): { domain: string; selector: string; reason: string } | undefined {
  if (plan.via.kind !== "provider") return undefined;
  const fallback = plan.via.defaultSigning;
  if (fallback.signsWithOwnDomain !== true || fallback.domain === undefined || fallback.domain.includes("{"))
    return undefined;
  if (sigs.some((s) => s.lookup?.usable === true)) return undefined;
  return {
    domain: fallback.domain,
    selector: "(provider)",
    reason: `${plan.via.entry.name} signs with its own domain ${fallback.domain} until DKIM is set up for ${plan.fromDomain}`,
  };
}

/**
 * Simulates one planned path. `discovery` is the DMARC discovery of its From domain. Everything
 * starts at once and each step waits only for the answers it needs: the egress IPs for SPF, the
 * DMARC record for alignment modes; the names alignment and check_host() will ask are asked now.
 */
export async function simulatePath(
  plan: PathPlan,
  discovery: Promise<DmarcDiscovery>,
  ctx: AuditContext,
): Promise<PathFacts> {
  for (const domain of new Set([plan.fromDomain, plan.mailFrom.domain, ...plan.dkim.map((d) => d.domain)]))
    void ctx.orgOf(domain);
  void resolveSafely(ctx.resolver, plan.mailFrom.domain, "TXT", ctx.signal ? { signal: ctx.signal } : {});
  const egressP = egressOf(plan, ctx);
  const [egress, checks, sigs, found] = await Promise.all([
    egressP,
    egressP.then((e) => spfChecks(plan, e.ips, ctx)),
    signatures(plan, ctx),
    discovery,
  ]);
  return verdictOf(plan, egress, checks, sigs, found, ctx);
}

async function verdictOf(
  plan: PathPlan,
  egress: PathFacts["egress"],
  checks: PathFacts["spfChecks"],
  sigs: SignatureFacts[],
  discovery: DmarcDiscovery,
  ctx: AuditContext,
): Promise<PathFacts> {
  const record = discovery.record?.record;
  const aspf = record?.aspf === "s" ? "s" : "r";
  const adkim = record?.adkim === "s" ? "s" : "r";

  const spfResult: SpfResult =
    checks.length === 0
      ? egress.problem?.startsWith("could not resolve")
        ? "temperror"
        : "none"
      : worstSpf(checks.map((c) => c.check.result));
  const spfAligned = await aligned(plan.mailFrom.domain, plan.fromDomain, aspf, ctx);

  const dkim: PathVerdict["dkim"] = await Promise.all(
    sigs.map(async (s) => {
      const { result, reason } = dkimResultOf(s.lookup);
      const entry: PathVerdict["dkim"][number] = {
        domain: s.planned.domain,
        selector: s.planned.selector,
        result,
        aligned: await aligned(s.planned.domain, plan.fromDomain, adkim, ctx),
      };
      if (reason !== undefined) entry.reason = reason;
      const bits = s.lookup?.record?.key?.bits;
      if (bits !== undefined) entry.keyBits = bits;
      return entry;
    }),
  );
  const fallback = providerFallback(plan, sigs);
  if (fallback !== undefined) {
    dkim.push({
      domain: fallback.domain,
      selector: fallback.selector,
      result: "pass",
      aligned: await aligned(fallback.domain, plan.fromDomain, adkim, ctx),
      reason: fallback.reason,
    });
  }

  const dmarc = await evaluateDmarc(
    {
      fromDomain: plan.fromDomain,
      spf: { result: spfResult, domain: plan.mailFrom.domain },
      dkim: dkim.map((d) => ({ result: d.result, domain: d.domain, selector: d.selector })),
    },
    { resolver: ctx.resolver, discovery, queries: ctx.dmarcQueries, ...(ctx.signal ? { signal: ctx.signal } : {}) },
  );

  const spfCounts = spfResult === "pass" && spfAligned;
  const dkimCounts = dkim.some((d) => d.result === "pass" && d.aligned);
  const via: PathVerdict["via"] =
    plan.via.kind === "provider"
      ? { kind: "provider", id: plan.via.providerId, catalog: plan.via.entry.id, name: plan.via.entry.name }
      : plan.via.kind === "smart-host"
        ? { kind: "smartHost", id: plan.via.smartHostId }
        : { kind: "direct" };
  const verdict: PathVerdict = {
    id: plan.pathId,
    fromDomain: plan.fromDomain,
    via,
    mailFrom: { domain: plan.mailFrom.domain, source: plan.mailFrom.source },
    spf: {
      result: spfResult,
      domain: plan.mailFrom.domain,
      aligned: spfAligned,
      ips: checks.map(({ ip, check }) => {
        const r: PathVerdict["spf"]["ips"][number] = { ip, result: check.result };
        if (check.matched !== undefined) r.matched = { term: check.matched.term, domain: check.matched.domain };
        if (check.explanation !== undefined) r.explanation = check.explanation;
        return r;
      }),
      ipsSource: egress.source,
    },
    dkim,
    dmarc: {
      result: dmarc.result,
      alignedBy: dmarc.alignedBy,
      policy: dmarc.policy ? { p: dmarc.policy.p, source: dmarc.policy.source } : null,
    },
    verdict: spfCounts && dkimCounts ? "pass" : spfCounts || dkimCounts ? "fragile" : "fail",
  };
  if (plan.description !== undefined) verdict.description = plan.description;
  if (discovery.recordName !== undefined) verdict.dmarc.recordDomain = discovery.recordName;
  return { plan, egress, spfChecks: checks, signatures: sigs, dmarc, verdict };
}
