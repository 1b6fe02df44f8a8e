/**
 * The networks a provider's own SPF records authorise (`+` qualifier), read by walking its
 * include/redirect tree, so that the audit can ask "would a receiver accept mail from this
 * provider's servers for the path's MAIL FROM domain?" with real addresses.
 */
import { resolveSafely } from "../dns/answer.ts";
import type { DnsAnswer } from "../dns/types.ts";
import { parseSpf } from "../spf/parse.ts";
import { selectSpfRecord } from "../spf/record.ts";
import type { SpfTerm } from "../spf/types.ts";
import type { AuditContext } from "./context.ts";

/** Bounds of the walk (a provider tree is a few levels; anything deeper is not worth following). */
const MAX_DEPTH = 10;
const MAX_DOMAINS = 40;

export interface ProviderNetworks {
  /** CIDR strings, in the order found. */
  networks: string[];
  answers: DnsAnswer[];
  problem?: string;
}

function staticTarget(term: SpfTerm): string | undefined {
  if (term.kind === "modifier") return term.name === "redirect" && term.macros.length === 0 ? term.value.toLowerCase() : undefined;
  return term.domainSpec !== undefined && term.macros.length === 0 ? term.domainSpec.toLowerCase() : undefined;
}

/** Walks the given SPF terms (`include:x`, `a:host`, `ip4:n`...) and collects the networks they authorise. */
export async function providerNetworks(terms: readonly string[], ctx: AuditContext): Promise<ProviderNetworks> {
  const out: ProviderNetworks = { networks: [], answers: [] };
  const seen = new Set<string>();
  const options = ctx.signal ? { signal: ctx.signal } : {};

  const addresses = async (host: string, cidr4?: number, cidr6?: number) => {
    const [a, aaaa] = await Promise.all([resolveSafely(ctx.resolver, host, "A", options), resolveSafely(ctx.resolver, host, "AAAA", options)]);
    out.answers.push(a, aaaa);
    for (const ip of a.records) out.networks.push(`${ip}/${cidr4 ?? 32}`);
    for (const ip of aaaa.records) out.networks.push(`${ip}/${cidr6 ?? 128}`);
  };

  const walk = async (domain: string, depth: number): Promise<void> => {
    if (depth > MAX_DEPTH || seen.has(domain) || seen.size >= MAX_DOMAINS) return;
    seen.add(domain);
    const answer = await resolveSafely(ctx.resolver, domain, "TXT", options);
    out.answers.push(answer);
    const selection = selectSpfRecord(answer);
    if (selection.status !== "found") {
      out.problem ??= selection.reason;
      return;
    }
    const parsed = parseSpf(selection.record);
    const nested: Promise<void>[] = [];
    for (const term of parsed.terms) {
      if (term.kind === "mechanism" && term.qualifier !== "+") continue;
      if (term.kind === "mechanism" && (term.mechanism === "ip4" || term.mechanism === "ip6") && term.network !== undefined) {
        const prefix = term.mechanism === "ip4" ? term.cidr4 : term.cidr6;
        out.networks.push(prefix === undefined ? term.network : `${term.network}/${prefix}`);
        continue;
      }
      const target = staticTarget(term);
      if (target === undefined) continue;
      if ((term.kind === "mechanism" && term.mechanism === "include") || term.kind === "modifier") nested.push(walk(target, depth + 1));
      else if (term.kind === "mechanism" && term.mechanism === "a") nested.push(addresses(target, term.cidr4, term.cidr6));
    }
    await Promise.all(nested);
  };

  await Promise.all(
    terms.map(async (text) => {
      const parsed = parseSpf(`v=spf1 ${text}`).terms[0];
      if (parsed === undefined) return;
      if (parsed.kind === "mechanism" && (parsed.mechanism === "ip4" || parsed.mechanism === "ip6") && parsed.network !== undefined) {
        out.networks.push(parsed.network);
        return;
      }
      const target = staticTarget(parsed);
      if (target === undefined) return;
      if (parsed.kind === "mechanism" && parsed.mechanism === "a") await addresses(target, parsed.cidr4, parsed.cidr6);
      else await walk(target, 0);
    }),
  );
  return out;
}

/** Up to three addresses that stand for a set of networks: the first and last IPv4 network, the first IPv6 one. */
export function sampleAddresses(networks: readonly string[]): string[] {
  const base = (cidr: string) => cidr.split("/")[0] ?? cidr;
  const v4 = networks.filter((n) => !n.includes(":")).map(base);
  const v6 = networks.filter((n) => n.includes(":")).map(base);
  return [...new Set([v4[0], v4[v4.length - 1], v6[0]].filter((ip): ip is string => ip !== undefined))];
}
