/**
 * Transport security for an audit or a check, once the domains' own facts are in: the published
 * policies (unless turned off) and, when asked for, the SMTP probes (which match the certificates
 * they see against the TLSA records the policies found).
 */
import type { Organisation } from "../org/types.ts";
import type { AuditContext } from "./context.ts";
import { gatherProbes, matchProbedTlsa } from "./probes.ts";
import { gatherTransport, type TransportFacts } from "./transport.ts";
import type { DomainFacts, GatheredPath } from "./types.ts";

/** The transport facts of an audit; undefined when neither the policies nor the probes are wanted. */
export async function gatherTransportFacts(
  facts: { org: Organisation; domains: readonly DomainFacts[]; paths: readonly GatheredPath[] },
  ctx: AuditContext,
): Promise<TransportFacts | undefined> {
  if (ctx.transport === null && ctx.probe === null) return undefined;
  const [published, probes] = await Promise.all([
    ctx.transport === null ? { domains: [] } : gatherTransport(facts.domains, ctx, ctx.transport),
    ctx.probe === null ? undefined : gatherProbes(facts, ctx, ctx.probe),
  ]);
  if (probes === undefined) return published;
  matchProbedTlsa(probes, published.domains);
  return { ...published, probes };
}
