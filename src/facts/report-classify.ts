/**
 * Classifying one report source against the described paths (docs/reports-ingest.md, "Classes").
 * Pure: the addresses, networks and DKIM keys of the paths, the PTR names and the providers of
 * DKIM selectors are looked up before (src/facts/reports.ts).
 *
 * In order, the first that holds:
 * 1. the address is a path's egress address or in its provider's networks → `path`;
 * 2. receivers said `forwarded`, `trusted_forwarder` or `mailing_list` for most messages → `forwarder`;
 * 3. a described DKIM signature (d= and selector) passes: from outside the path's known addresses
 *    with SPF failing → `forwarder`, else → `path`;
 * 4. the address names a provider (a forward-confirmed PTR name, a passing SPF envelope domain) or
 *    the signature does (d= of the provider, a selector whose key is the provider's CNAME): a path of
 *    that provider for the From domain → `path`; a signature's provider relayed by another address
 *    owner → `forwarder`; else → `provider` (undeclared);
 * 5. otherwise → `unknown` (passing: an undescribed server or signer; failing: spoofing candidates).
 */

import { parseIp } from "../common/cidr.ts";
import type { IpSet } from "../common/ip-set.ts";
import { setContains } from "../common/ip-set.ts";
import type { ProviderCatalog } from "../providers/types.ts";
import { type NamedProvider, providerOfName } from "../reports/provider-names.ts";
import type { SourceTally } from "./report-tally.ts";
import type { PathMatch, ReportSource, SourcePtr } from "./report-types.ts";

/** What recognises one described path (for one From domain) in reports. */
export interface PathMatcher {
  pathId: string;
  fromDomain: string;
  /** The catalog id of the path's provider. */
  providerId?: string;
  providerName?: string;
  v4: IpSet;
  v6: IpSet;
  /** True when every egress address or network of the path is known. */
  addressesKnown: boolean;
  /** `address` for a smart host or direct server, `network` for a provider's SPF networks. */
  addressKind: "address" | "network";
  /** The signatures the path adds; `selector` tests a reported selector (placeholders match any label). */
  signatures: { domain: string; selector: (s: string) => boolean; text: string }[];
  /** The path's envelope domain (and whether subdomains of it count: a provider's default bounce domain). */
  mailFrom: { domain: string; subdomains: boolean };
}

/** The override reasons that mean the receiver saw the message relayed (RFC 7489 Appendix C `PolicyOverrideType`). */
const RELAY_REASONS = ["forwarded", "trusted_forwarder", "mailing_list"];

function contains(m: PathMatcher, ip: string): boolean {
  const parsed = parseIp(ip);
  if (parsed === undefined) return false;
  return parsed.family === 4 ? setContains(m.v4, BigInt(parsed.value)) : setContains(m.v6, parsed.value);
}

function underDomain(name: string, domain: string, subdomains: boolean): boolean {
  return name === domain || (subdomains && name.endsWith(`.${domain}`));
}

/** What the lookups said, for classification. */
export interface ClassifyContext {
  catalog: ProviderCatalog;
  matchers: readonly PathMatcher[];
  ptr: SourcePtr;
  /** `d|selector` → the provider its key's CNAME points to. */
  selectorProviders: ReadonlyMap<string, { id: string; name: string; target: string }>;
}

type Hint = { provider: NamedProvider | { id: string; name: string }; by: string };

function fmt(n: number): string {
  return n.toLocaleString("en-US");
}

/** Classifies one source. */
export function classifySource(t: SourceTally, ctx: ClassifyContext): ReportSource {
  const { matchers, catalog, ptr } = ctx;
  const same = matchers.filter((m) => m.fromDomain === t.fromDomain);
  const base: ReportSource = { ...t, ptr, class: "unknown", why: "" };
  const asPath = (m: PathMatcher, by: PathMatch, why: string): ReportSource => ({
    ...base,
    class: "path",
    path: { id: m.pathId, fromDomain: m.fromDomain, by, fromListed: m.fromDomain === t.fromDomain },
    why,
  });
  const passing = t.dkim.filter((a) => a.result === "pass");
  const signedBy = (m: PathMatcher) =>
    passing.find(
      (a) => a.detail !== null && m.signatures.some((s) => s.domain === a.domain && s.selector(a.detail ?? "")),
    );
  const candidates = [
    ...new Set(matchers.filter((m) => contains(m, t.ip) || signedBy(m) !== undefined).map((m) => m.pathId)),
  ];
  if (candidates.length > 1) base.candidates = candidates;

  // 1. A described address or network.
  const byAddress = same.find((m) => contains(m, t.ip)) ?? matchers.find((m) => contains(m, t.ip));
  if (byAddress !== undefined) {
    const where =
      byAddress.addressKind === "address"
        ? "an egress address"
        : `in the SPF networks of ${byAddress.providerName ?? "its provider"}`;
    const listed =
      byAddress.fromDomain === t.fromDomain ? "" : ` (the path lists ${byAddress.fromDomain}, not ${t.fromDomain})`;
    return asPath(byAddress, byAddress.addressKind, `${where} of path ${byAddress.pathId}${listed}`);
  }

  // 2. The receiver saw it relayed.
  const relayed = RELAY_REASONS.reduce((sum, r) => sum + (t.reasons[r] ?? 0), 0);
  if (relayed > 0 && relayed * 2 >= t.messages) {
    const named = RELAY_REASONS.filter((r) => (t.reasons[r] ?? 0) > 0).join(", ");
    return {
      ...base,
      class: "forwarder",
      why: `receivers gave the override reason ${named} for ${fmt(relayed)} of ${fmt(t.messages)} messages`,
    };
  }

  const spfPasses = t.spf.filter((a) => a.result === "pass");
  const spfMostlyAligned = t.spfAligned * 2 >= t.messages;

  // 3. A described signature.
  for (const m of same) {
    const sig = signedBy(m);
    if (sig === undefined) continue;
    const text = `d=${sig.domain} s=${sig.detail ?? ""}`;
    const envelopeOk = spfPasses.some((a) => underDomain(a.domain, m.mailFrom.domain, m.mailFrom.subdomains));
    if (m.addressesKnown && !envelopeOk && !spfMostlyAligned)
      return {
        ...base,
        class: "forwarder",
        why: `carries path ${m.pathId}'s signature (${text}) from outside its addresses, and SPF fails: relayed by a forwarder or a list`,
      };
    return asPath(m, "dkim", `signed as path ${m.pathId} signs (${text})`);
  }

  // 4. Providers named by the address (confirmed PTR, passing envelope) or by the signature.
  const firstName = ptr.names[0];
  const ptrProvider =
    ptr.status === "found" && firstName !== undefined ? providerOfName(catalog, firstName) : undefined;
  let address: Hint | undefined;
  if (ptrProvider !== undefined && ptr.confirmed === true)
    address = { provider: ptrProvider, by: `PTR ${firstName} (forward-confirmed)` };
  for (const a of spfPasses) {
    if (address !== undefined) break;
    const p = providerOfName(catalog, a.domain);
    if (p !== undefined) address = { provider: p, by: `SPF passes for its envelope domain ${a.domain}` };
  }
  let signature: Hint | undefined;
  for (const a of passing) {
    const cname = a.detail === null ? undefined : ctx.selectorProviders.get(`${a.domain}|${a.detail}`);
    if (cname !== undefined) {
      signature = { provider: cname, by: `DKIM s=${a.detail} of ${a.domain} is a CNAME to ${cname.target}` };
      break;
    }
    const p = providerOfName(catalog, a.domain);
    if (p !== undefined) {
      signature = { provider: p, by: `DKIM passes for d=${a.domain}` };
      break;
    }
  }
  for (const hint of [address, signature]) {
    if (hint === undefined) continue;
    const m = same.find((x) => x.providerId === hint.provider.id);
    if (m === undefined) continue;
    if (hint === signature && address !== undefined && address.provider.id !== hint.provider.id && !spfMostlyAligned)
      return {
        ...base,
        class: "forwarder",
        provider: { id: address.provider.id, name: address.provider.name, by: address.by },
        why: `${signature.by} (path ${m.pathId}), relayed by ${address.provider.name} (${address.by})`,
      };
    return asPath(
      m,
      hint === address ? (hint.by.startsWith("PTR") ? "ptr" : "envelope") : "dkim",
      `${hint.by}: ${hint.provider.name}, path ${m.pathId}`,
    );
  }
  if (
    address !== undefined &&
    signature !== undefined &&
    address.provider.id !== signature.provider.id &&
    !spfMostlyAligned
  )
    return {
      ...base,
      class: "forwarder",
      provider: { id: address.provider.id, name: address.provider.name, by: address.by },
      why: `mail signed through ${signature.provider.name} (${signature.by}) relayed by ${address.provider.name} (${address.by})`,
    };
  const known = address ?? signature;
  if (known !== undefined) {
    const elsewhere = matchers.find((m) => m.providerId === known.provider.id);
    const note =
      elsewhere !== undefined
        ? `; the description uses it on path ${elsewhere.pathId} for ${elsewhere.fromDomain} only`
        : "";
    return {
      ...base,
      class: "provider",
      provider: { id: known.provider.id, name: known.provider.name, by: known.by },
      why: `${known.by}: ${known.provider.name}, which no path describes for ${t.fromDomain}${note}`,
    };
  }

  // 5. Unknown.
  const out: ReportSource = { ...base, class: "unknown", why: "" };
  if (ptrProvider !== undefined)
    out.provider = {
      id: ptrProvider.id,
      name: ptrProvider.name,
      by: `PTR ${firstName} (${ptr.confirmed === "unknown" ? "forward confirmation unknown" : "not forward-confirmed"})`,
    };
  const aligned = passing.find(
    (a) => a.domain === t.fromDomain || t.fromDomain.endsWith(`.${a.domain}`) || a.domain.endsWith(`.${t.fromDomain}`),
  );
  if (t.dmarcPass * 2 >= t.messages && t.dmarcPass > 0) {
    out.why =
      t.dkimAligned >= t.spfAligned && aligned !== undefined
        ? `DKIM passes aligned with d=${aligned.domain} s=${aligned.detail ?? "?"}, a selector no path describes`
        : "SPF passes aligned (the SPF record of its envelope domain authorises it)";
  } else {
    out.why = "fails DMARC and matches no path, provider or forwarder: a spoofing candidate, or an undescribed server";
  }
  return out;
}
