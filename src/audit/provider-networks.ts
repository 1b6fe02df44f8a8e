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

/**
 * Walks the given SPF terms (`include:x`, `a:host`, `ip4:n`...) and collects the networks they
 * authorise, in record order (branches are resolved concurrently, then concatenated in order).
 */
export async function providerNetworks(terms: readonly string[], ctx: AuditContext): Promise<ProviderNetworks> {
  const answers: DnsAnswer[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  const options = ctx.signal ? { signal: ctx.signal } : {};

  const addresses = async (host: string, cidr4?: number, cidr6?: number): Promise<string[]> => {
    const [a, aaaa] = await Promise.all([resolveSafely(ctx.resolver, host, "A", options), resolveSafely(ctx.resolver, host, "AAAA", options)]);
    answers.push(a, aaaa);
    return [...a.records.map((ip) => `${ip}/${cidr4 ?? 32}`), ...aaaa.records.map((ip) => `${ip}/${cidr6 ?? 128}`)];
  };

  /** The networks one term contributes (`+` terms only). */
  const ofTerm = (term: SpfTerm, depth: number): Promise<string[]> => {
    if (term.kind === "mechanism" && term.qualifier !== "+") return Promise.resolve([]);
    if (term.kind === "mechanism" && (term.mechanism === "ip4" || term.mechanism === "ip6") && term.network !== undefined) {
      const prefix = term.mechanism === "ip4" ? term.cidr4 : term.cidr6;
      return Promise.resolve([prefix === undefined ? term.network : `${term.network}/${prefix}`]);
    }
    const target = staticTarget(term);
    if (target === undefined) return Promise.resolve([]);
    if ((term.kind === "mechanism" && term.mechanism === "include") || term.kind === "modifier") return walk(target, depth + 1);
    if (term.kind === "mechanism" && term.mechanism === "a") return addresses(target, term.cidr4, term.cidr6);
    return Promise.resolve([]);
  };

  const walk = async (domain: string, depth: number): Promise<string[]> => {
    if (depth > MAX_DEPTH || seen.has(domain) || seen.size >= MAX_DOMAINS) return [];
    seen.add(domain);
    const answer = await resolveSafely(ctx.resolver, domain, "TXT", options);
    answers.push(answer);
    const selection = selectSpfRecord(answer);
    if (selection.status !== "found") {
      problems.push(selection.reason);
      return [];
    }
    const parts = await Promise.all(parseSpf(selection.record).terms.map((t) => ofTerm(t, depth)));
    return parts.flat();
  };

  const parts = await Promise.all(
    terms.map((text) => {
      const term = parseSpf(`v=spf1 ${text}`).terms[0];
      return term === undefined ? Promise.resolve([]) : ofTerm(term, -1);
    }),
  );
  const out: ProviderNetworks = { networks: parts.flat(), answers };
  if (problems[0] !== undefined) out.problem = problems[0];
  return out;
}

/** Up to three addresses that stand for a set of networks: the first and last IPv4 network, the first IPv6 one. */
export function sampleAddresses(networks: readonly string[]): string[] {
  const base = (cidr: string) => cidr.split("/")[0] ?? cidr;
  const v4 = networks.filter((n) => !n.includes(":")).map(base);
  const v6 = networks.filter((n) => n.includes(":")).map(base);
  return [...new Set([v4[0], v4[v4.length - 1], v6[0]].filter((ip): ip is string => ip !== undefined))];
}
