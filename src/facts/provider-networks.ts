/**
 * The networks a provider's own SPF records authorise (the `pass` networks of its include's
 * analysis), so that the audit can ask "would a receiver accept mail from this provider's servers
 * for the path's MAIL FROM domain?" with real addresses.
 */
import { resolveSafely } from "../dns/answer.ts";
import { type DnsEvidence, evidenceOf } from "../dns/evidence.ts";
import { analyzeSpf } from "../spf/analyze.ts";
import { parseSpf } from "../spf/parse.ts";
import type { AuditContext } from "./context.ts";
import { answerState, type FactState } from "./state.ts";

export interface ProviderNetworks {
  /** CIDR strings: IPv4 first (merged, in address order), then IPv6. */
  networks: string[];
  /** `unknown` when any answer the networks depend on failed (some networks may then be missing). */
  state: FactState;
  /** The DNS answers the networks came from. */
  answers: DnsEvidence[];
  problem?: string;
}

/** The networks one catalog term authorises: `include:x` (x's whole tree), `a:host`, `ip4:`/`ip6:`. */
async function termNetworks(
  text: string,
  ctx: AuditContext,
  out: ProviderNetworks,
): Promise<{ ipv4: string[]; ipv6: string[] }> {
  const term = parseSpf(`v=spf1 ${text}`).terms[0];
  const options = ctx.signal ? { signal: ctx.signal } : {};
  if (term === undefined || term.kind !== "mechanism" || term.macros.length > 0) return { ipv4: [], ipv6: [] };
  if ((term.mechanism === "ip4" || term.mechanism === "ip6") && term.network !== undefined) {
    return term.mechanism === "ip4" ? { ipv4: [term.network], ipv6: [] } : { ipv4: [], ipv6: [term.network] };
  }
  const target = term.domainSpec?.toLowerCase();
  if (target === undefined) return { ipv4: [], ipv6: [] };
  if (term.mechanism === "include") {
    const analysis = await analyzeSpf(target, {
      resolver: ctx.resolver,
      cache: ctx.spfCache,
      checkSpfType: false,
      ...options,
    });
    const root = analysis.root;
    out.answers.push(...analysis.dns);
    if (analysis.dns.some((e) => answerState(e) === "unknown")) out.state = "unknown";
    if (root.status !== "ok") out.problem ??= root.problem?.message ?? `${target}: ${root.status}`;
    return analysis.networks.pass;
  }
  if (term.mechanism === "a") {
    const [a, aaaa] = await Promise.all([
      resolveSafely(ctx.resolver, target, "A", options),
      resolveSafely(ctx.resolver, target, "AAAA", options),
    ]);
    out.answers.push(evidenceOf(a), evidenceOf(aaaa));
    if (answerState(a) === "unknown" || answerState(aaaa) === "unknown") {
      out.state = "unknown";
      out.problem ??= `${target}: the address lookup failed`;
    }
    return {
      ipv4: a.records.map((ip) => `${ip}/${term.cidr4 ?? 32}`),
      ipv6: aaaa.records.map((ip) => `${ip}/${term.cidr6 ?? 128}`),
    };
  }
  return { ipv4: [], ipv6: [] };
}

/** The networks the given catalog SPF terms authorise, through the audit's resolver. */
export async function providerNetworks(terms: readonly string[], ctx: AuditContext): Promise<ProviderNetworks> {
  const out: ProviderNetworks = { networks: [], state: "present", answers: [] };
  const parts = await Promise.all(terms.map((t) => termNetworks(t, ctx, out)));
  out.networks = [...parts.flatMap((p) => p.ipv4), ...parts.flatMap((p) => p.ipv6)];
  return out;
}

/** Up to three addresses that stand for a set of networks: the first and last IPv4 network, the first IPv6 one. */
export function sampleAddresses(networks: readonly string[]): string[] {
  const base = (cidr: string) => cidr.split("/")[0] ?? cidr;
  const v4 = networks.filter((n) => !n.includes(":")).map(base);
  const v6 = networks.filter((n) => n.includes(":")).map(base);
  return [...new Set([v4[0], v4[v4.length - 1], v6[0]].filter((ip): ip is string => ip !== undefined))];
}
