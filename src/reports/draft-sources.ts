/**
 * The sources of a draft description: the records summed per (From domain, address), and what
 * DNS and the catalog say each one is, before any description exists. Used by `orgFromReports`.
 */
import { resolveSafely } from "../dns/answer.ts";
import type { Resolver } from "../dns/types.ts";
import type { ProviderCatalog, ProviderEntry } from "../providers/types.ts";
import { providerOfName } from "./provider-names.ts";
import { lookupPtrs, type PtrInfo } from "./ptr.ts";
import type { AggregateRecord } from "./types.ts";

/** One source summed over the records. */
export interface DraftSource {
  from: string;
  ip: string;
  messages: number;
  dmarcPass: number;
  dkimAligned: number;
  spfAligned: number;
  relayed: number;
  /** Aligned, passing DKIM signatures: `d|s` → messages. */
  signatures: Map<string, number>;
  /** Passing SPF envelope domains → messages. */
  envelopes: Map<string, number>;
  /** DKIM passes for other signing domains. */
  otherSigners: Set<string>;
  ptr?: PtrInfo;
  /** The catalog entry the address or its signature names, and what says so. */
  provider?: { entry: ProviderEntry; by: string; via: "address" | "signature" };
}

const RELAY = new Set(["forwarded", "trusted_forwarder", "mailing_list"]);

/** Whether two domains share a suffix relation (the same, or one below the other). */
export function relatedDomain(a: string, b: string): boolean {
  return a === b || a.endsWith(`.${b}`) || b.endsWith(`.${a}`);
}

/** Sums records into draft sources (at most `max` distinct sources; the rest are counted). */
export async function sumSources(
  records:
    | AsyncIterable<AggregateRecord & { policyDomain: string }>
    | Iterable<AggregateRecord & { policyDomain: string }>,
  max: number,
): Promise<{ sources: DraftSource[]; dropped: number }> {
  const map = new Map<string, DraftSource>();
  let dropped = 0;
  for await (const r of records) {
    const from = (r.headerFrom ?? r.policyDomain).toLowerCase();
    const key = `${from}|${r.sourceIp}`;
    let s = map.get(key);
    if (s === undefined) {
      if (map.size >= max) {
        dropped += r.count;
        continue;
      }
      s = {
        from,
        ip: r.sourceIp,
        messages: 0,
        dmarcPass: 0,
        dkimAligned: 0,
        spfAligned: 0,
        relayed: 0,
        signatures: new Map(),
        envelopes: new Map(),
        otherSigners: new Set(),
      };
      map.set(key, s);
    }
    s.messages += r.count;
    if (r.dkim === "pass" || r.spf === "pass") s.dmarcPass += r.count;
    if (r.dkim === "pass") s.dkimAligned += r.count;
    if (r.spf === "pass") s.spfAligned += r.count;
    if (r.reasons.some((x) => RELAY.has(x.type ?? ""))) s.relayed += r.count;
    for (const a of r.authResults.dkim) {
      if (a.result !== "pass") continue;
      if (relatedDomain(a.domain, from) && a.selector !== null) {
        const k = `${a.domain}|${a.selector}`;
        s.signatures.set(k, (s.signatures.get(k) ?? 0) + r.count);
      } else if (s.otherSigners.size < 10) s.otherSigners.add(a.domain);
    }
    for (const a of r.authResults.spf)
      if (a.result === "pass" && s.envelopes.size < 10)
        s.envelopes.set(a.domain, (s.envelopes.get(a.domain) ?? 0) + r.count);
  }
  return { sources: [...map.values()].sort((a, b) => b.messages - a.messages || a.ip.localeCompare(b.ip)), dropped };
}

/** Options of {@link recogniseSources}. */
export interface RecogniseOptions {
  catalog: ProviderCatalog;
  /** For PTR names and DKIM selector CNAMEs; without it only the catalog's names are used. */
  resolver?: Resolver;
  maxPtrLookups?: number;
  signal?: AbortSignal;
}

/**
 * Names each source's provider: a forward-confirmed PTR name or a passing envelope domain of the
 * catalog (the address), or a signing domain or a selector whose key is a CNAME to the provider
 * (the signature). Returns the selectors' CNAME targets (`d|s` → target) for setting inference.
 */
export async function recogniseSources(
  sources: DraftSource[],
  options: RecogniseOptions,
): Promise<Map<string, string>> {
  const { catalog, resolver } = options;
  const byId = (id: string) => catalog.entries.find((e) => e.id === id);
  const targets = new Map<string, string>();
  if (resolver !== undefined) {
    const ptrs = await lookupPtrs(
      sources.map((s) => s.ip),
      resolver,
      {
        max: options.maxPtrLookups ?? 64,
        confirm: (name) => providerOfName(catalog, name) !== undefined,
        ...(options.signal ? { signal: options.signal } : {}),
      },
    );
    for (const s of sources) {
      const info = ptrs.get(s.ip);
      if (info !== undefined) s.ptr = info;
    }
    const selectors = [...new Set(sources.flatMap((s) => [...s.signatures.keys()]))].slice(0, 64);
    await Promise.all(
      selectors.map(async (key) => {
        const [d, sel] = key.split("|") as [string, string];
        const answer = await resolveSafely(
          resolver,
          `${sel}._domainkey.${d}`,
          "TXT",
          options.signal ? { signal: options.signal } : {},
        );
        const target = answer.cnameChain[answer.cnameChain.length - 1];
        if (target !== undefined) targets.set(key, target);
      }),
    );
  }
  for (const s of sources) {
    const name = s.ptr?.status === "found" && s.ptr.confirmed === true ? s.ptr.names[0] : undefined;
    const fromPtr = name === undefined ? undefined : providerOfName(catalog, name);
    const fromEnvelope = [...s.envelopes.keys()]
      .map((d) => ({ d, p: providerOfName(catalog, d) }))
      .find((x) => x.p !== undefined);
    const address = fromPtr ?? fromEnvelope?.p;
    if (address !== undefined) {
      const entry = byId(address.id);
      if (entry !== undefined)
        s.provider = {
          entry,
          by: fromPtr !== undefined ? `PTR ${name} (forward-confirmed)` : `SPF passes for ${fromEnvelope?.d}`,
          via: "address",
        };
      continue;
    }
    for (const key of s.signatures.keys()) {
      const target = targets.get(key);
      const p = target === undefined ? undefined : providerOfName(catalog, target);
      const entry = p === undefined ? undefined : byId(p.id);
      if (entry !== undefined) {
        s.provider = { entry, by: `DKIM ${key.replace("|", " s=")} is a CNAME to ${target}`, via: "signature" };
        break;
      }
    }
    if (s.provider !== undefined) continue;
    for (const d of s.otherSigners) {
      const p = providerOfName(catalog, d);
      const entry = p === undefined ? undefined : byId(p.id);
      if (entry !== undefined) {
        s.provider = { entry, by: `DKIM passes for d=${d}`, via: "signature" };
        break;
      }
    }
  }
  return targets;
}
