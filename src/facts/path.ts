/**
 * What a receiver would ask DNS about mail on one planned path: SPF (check_host for each egress IP
 * against the MAIL FROM domain), the DKIM keys the path signs with, and the DMARC policy of the
 * From domain. The verdict is drawn from these facts in src/verdicts/. Every question goes
 * through the audit's shared resolver.
 */
import { lookupDkimKey } from "../dkim/lookup.ts";
import type { DmarcDiscovery } from "../dmarc/results.ts";
import { resolveSafely } from "../dns/answer.ts";
import type { PathPlan } from "../org/plan.ts";
import { checkHost } from "../spf/check-host.ts";
import type { AuditContext } from "./context.ts";
import { egressOf } from "./egress.ts";
import type { GatheredPath, RequirementFacts, SignatureFacts } from "./types.ts";

async function spfChecks(
  plan: PathPlan,
  ips: readonly string[],
  ctx: AuditContext,
): Promise<GatheredPath["spfChecks"]> {
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

/** The records a provider path's catalog entry requires (not SPF TXT: check_host checks that), asked. */
async function requirements(plan: PathPlan, ctx: AuditContext): Promise<RequirementFacts[]> {
  if (plan.via.kind !== "provider") return [];
  const needed = plan.via.mailFromDns.filter((r) => !(r.type === "TXT" && /^v=spf1(\s|$)/i.test(r.value)));
  return Promise.all(
    needed.map(async (requirement) => ({
      requirement,
      answer: await resolveSafely(
        ctx.resolver,
        requirement.name,
        requirement.type,
        ctx.signal ? { signal: ctx.signal } : {},
      ),
    })),
  );
}

/**
 * Gathers one planned path. `discovery` is the DMARC discovery of its From domain. Everything
 * starts at once and each step waits only for the answers it needs: the egress IPs for SPF; the
 * names alignment and check_host() will ask are asked now.
 */
export async function gatherPath(
  plan: PathPlan,
  discovery: Promise<DmarcDiscovery>,
  ctx: AuditContext,
): Promise<GatheredPath> {
  for (const domain of new Set([plan.fromDomain, plan.mailFrom.domain, ...plan.dkim.map((d) => d.domain)]))
    void ctx.orgOf(domain);
  void resolveSafely(ctx.resolver, plan.mailFrom.domain, "TXT", ctx.signal ? { signal: ctx.signal } : {});
  const egressP = egressOf(plan, ctx);
  const [egress, checks, sigs, found, required] = await Promise.all([
    egressP,
    egressP.then((e) => spfChecks(plan, e.ips, ctx)),
    signatures(plan, ctx),
    discovery,
    requirements(plan, ctx),
  ]);
  return { plan, egress, spfChecks: checks, signatures: sigs, discovery: found, requirements: required };
}
