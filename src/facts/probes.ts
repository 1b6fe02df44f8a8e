/**
 * SMTP probes (opt-in): the hosts the organisation owns, each (host, port) once: its MX hosts on
 * port 25, the smart hosts of the description on 587 and 465 (submission, RFC 6409 and RFC 8314),
 * and the hosts the user names. MX hosts run by a catalog provider (Exchange Online, Google...)
 * are the provider's, not the organisation's: they are listed and not probed. Each host's address
 * comes from the audit's own resolver (passed to the probe as `address`), the probes run with
 * bounded concurrency, and each keeps its own deadline. The probe never sends DATA or AUTH.
 */
import { createHash, X509Certificate } from "node:crypto";
import { isIP } from "node:net";
import { resolveSafely } from "../dns/answer.ts";
import { type DnsEvidence, evidenceOf } from "../dns/evidence.ts";
import { normalizeName } from "../dns/names.ts";
import type { Organisation } from "../org/types.ts";
import { isDocumentationAddress } from "../transport/https-fetch.ts";
import type { SmtpProbeOptions } from "../transport/smtp/options.ts";
import { probeSmtp } from "../transport/smtp/probe.ts";
import type { SmtpProbeResult } from "../transport/smtp/types.ts";
import { matchTlsa, type TlsaMatchResult } from "../transport/tlsa-match.ts";
import type { AuditContext } from "./context.ts";
import { receivesMail, type TransportDomainFacts } from "./transport.ts";
import type { DomainFacts, GatheredPath } from "./types.ts";

/** The probe of one (host, port); {@link probeSmtp} by default. */
export type ProbeFunction = (host: string, options: SmtpProbeOptions) => Promise<SmtpProbeResult>;

/** A host the user names: `host`, `host:port`, `[v6]:port`, or an object. */
export type NamedHost = string | { host: string; port?: number };

/** Options of the SMTP probes (`AuditOptions.probe`). */
export interface ProbeOptions {
  /** More hosts to probe. Without a port: 587 and 465 (submission); give `:25` for port 25. */
  hosts?: readonly NamedHost[];
  /** Probes running at once, 1–32. Default 4. */
  concurrency?: number;
  /** A certificate expiring in fewer days than this is reported (`smtp-certificate-expiring`). Default 14. */
  expiryDays?: number;
  /** Options for every probe: `timeouts`, `deadlineMs`, `ca`, `ehloName`, `relayTest`, `relayFrom`, `relayTo`, `limits`. */
  smtp?: Omit<SmtpProbeOptions, "port" | "address" | "tlsMode" | "signal" | "now">;
  /** The probe (default {@link probeSmtp}); share one {@link probeOnce} between audits so that a run probes each host once. */
  probe?: ProbeFunction;
  /** Also probe MX hosts that a catalog provider runs. Default false. */
  providerMx?: boolean;
}

/** Default days for `smtp-certificate-expiring`. */
export const DEFAULT_EXPIRY_DAYS = 14;
const MAX_TARGETS = 200;
const MAX_CONCURRENCY = 32;

/** Why a target was not probed. */
export interface ProbeSkip {
  /**
   * `no-address`: the name has no A or AAAA record; `address-unknown`: its lookups failed;
   * `documentation-address`: its address is in a documentation range (example data), never
   * contacted; `provider`: a provider's MX host; `too-many`: past the bound on targets.
   */
  reason: "no-address" | "address-unknown" | "documentation-address" | "provider" | "too-many";
  detail: string;
}

/** One (host, port) and what the probe saw. */
export interface ProbeTargetFacts {
  host: string;
  port: number;
  /** Why it is probed: an MX host, a smart host of the description, a host the user named. */
  roles: ("mx" | "smart-host" | "named")[];
  /** The domains whose MX it is, or whose paths leave through it (a named host: the organisation's first domain). */
  domains: string[];
  /** Smart host ids of the description. */
  smartHosts: string[];
  /** The A and AAAA answers its address came from (none for an IP address). */
  addressDns: DnsEvidence[];
  address: string | null;
  skipped?: ProbeSkip;
  result?: SmtpProbeResult;
  /** Port 25 of an MX host with usable TLSA records: whether the chain it served matches them (RFC 7672 §3.1). */
  tlsa?: TlsaMatchResult;
  /** Port 25: the SHA-256 of the served leaf's public key (SPKI), hex: the data of a `3 1 1` TLSA record (RFC 7218). */
  spkiSha256?: string;
}

/** The probes of an audit. */
export interface ProbeFacts {
  expiryDays: number;
  targets: ProbeTargetFacts[];
}

/** Parses a named host: `host`, `host:port`, `[2001:db8::1]:587`, an IP address. Null when it is not one. */
export function parseNamedHost(input: NamedHost): { host: string; port?: number } | null {
  if (typeof input === "object" && input !== null) {
    if (typeof input.host !== "string") return null;
    const parsed = parseNamedHost(input.host);
    if (parsed === null) return null;
    return input.port !== undefined ? { host: parsed.host, port: input.port } : parsed;
  }
  if (typeof input !== "string") return null;
  const text = input.trim();
  let host = text;
  let port: number | undefined;
  const bracket = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(text);
  if (bracket) {
    host = bracket[1] ?? "";
    if (bracket[2] !== undefined) port = Number(bracket[2]);
  } else if (isIP(text) === 0) {
    const m = /^([^:]+):(\d{1,5})$/.exec(text);
    if (m) {
      host = m[1] ?? "";
      port = Number(m[2]);
    }
  }
  if (port !== undefined && (port < 1 || port > 65535)) return null;
  host = isIP(host) !== 0 ? host.toLowerCase() : normalizeName(host);
  if (host === "" || (isIP(host) === 0 && !/^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/.test(host))) return null;
  return port !== undefined ? { host, port } : { host };
}

/**
 * A probe that runs each (host, port, address, TLS mode) once and hands every caller its own copy
 * of the result: one per run, shared between the audits of a bulk check. At most 10,000 kept.
 */
export function probeOnce(probe: ProbeFunction = probeSmtp): ProbeFunction {
  const memo = new Map<string, Promise<SmtpProbeResult>>();
  return async (host, options) => {
    const key = [host.toLowerCase(), options.port ?? 25, options.address ?? "", options.tlsMode ?? ""].join("|");
    let pending = memo.get(key);
    if (pending === undefined) {
      pending = probe(host, options);
      if (memo.size < 10_000) memo.set(key, pending);
    }
    return structuredClone(await pending);
  };
}

interface Draft {
  host: string;
  port: number;
  roles: Set<ProbeTargetFacts["roles"][number]>;
  domains: Set<string>;
  smartHosts: Set<string>;
  provider?: string;
}

function targetsOf(
  org: Pick<Organisation, "smartHosts" | "domains">,
  domains: readonly DomainFacts[],
  paths: readonly GatheredPath[],
  options: ProbeOptions,
): Draft[] {
  const drafts = new Map<string, Draft>();
  const add = (host: string, port: number, role: ProbeTargetFacts["roles"][number], domain?: string): Draft => {
    const key = `${host}|${port}`;
    let d = drafts.get(key);
    if (d === undefined) {
      d = { host, port, roles: new Set(), domains: new Set(), smartHosts: new Set() };
      drafts.set(key, d);
    }
    d.roles.add(role);
    if (domain !== undefined) d.domains.add(domain);
    return d;
  };
  for (const d of domains) {
    if (!receivesMail(d)) continue;
    // Preference order (then name): the order senders try them, and a stable order for reports.
    const records = [...d.mx.records].sort(
      (a, b) => a.preference - b.preference || a.exchange.localeCompare(b.exchange),
    );
    for (const mx of records) {
      const host = normalizeName(mx.exchange);
      if (host === "" || host === ".") continue;
      const draft = add(host, 25, "mx", d.domain);
      const provider = d.providers.find((p) =>
        p.evidence.some((e) => e.kind === "mx-host" && normalizeName(e.value) === host),
      );
      if (provider !== undefined) draft.provider = provider.name;
    }
  }
  for (const sh of org.smartHosts ?? []) {
    for (const port of [587, 465]) {
      const draft = add(normalizeName(sh.hostname), port, "smart-host");
      draft.smartHosts.add(sh.id);
      for (const p of paths)
        if (p.plan.via.kind === "smart-host" && p.plan.via.smartHostId === sh.id) draft.domains.add(p.plan.fromDomain);
    }
  }
  for (const named of options.hosts ?? []) {
    const parsed = parseNamedHost(named);
    if (parsed === null) continue;
    const first = org.domains[0]?.name.toLowerCase();
    for (const port of parsed.port !== undefined ? [parsed.port] : [587, 465]) {
      const draft = add(parsed.host, port, "named");
      if (draft.domains.size === 0 && first !== undefined) draft.domains.add(first);
    }
  }
  return [...drafts.values()];
}

async function addressOf(
  host: string,
  ctx: AuditContext,
): Promise<{ address: string | null; dns: DnsEvidence[]; skip?: ProbeSkip }> {
  if (isIP(host) !== 0) return { address: host, dns: [] };
  const opts = ctx.signal ? { signal: ctx.signal } : {};
  const [a, aaaa] = await Promise.all([
    resolveSafely(ctx.resolver, host, "A", opts),
    resolveSafely(ctx.resolver, host, "AAAA", opts),
  ]);
  const dns = [evidenceOf(a), evidenceOf(aaaa)];
  const address =
    (a.status === "ok" ? a.records[0] : undefined) ?? (aaaa.status === "ok" ? aaaa.records[0] : undefined);
  if (address !== undefined) return { address, dns };
  const failed = [a, aaaa].filter((x) => x.status !== "ok" && x.status !== "nxdomain" && x.status !== "nodata");
  if (failed.length > 0)
    return {
      address: null,
      dns,
      skip: {
        reason: "address-unknown",
        detail: `the address lookups failed (${failed.map((x) => `${x.type} ${x.status}`).join(", ")})`,
      },
    };
  return { address: null, dns, skip: { reason: "no-address", detail: `${host} has no A or AAAA record` } };
}

/** Runs `tasks` with at most `width` at once. */
async function pool<T>(items: readonly T[], width: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
}

/** Probes the organisation's hosts. Never throws (a probe that throws counts as an input error). */
export async function gatherProbes(
  facts: {
    org: Pick<Organisation, "smartHosts" | "domains">;
    domains: readonly DomainFacts[];
    paths: readonly GatheredPath[];
  },
  ctx: AuditContext,
  options: ProbeOptions,
): Promise<ProbeFacts> {
  const expiryDays =
    options.expiryDays !== undefined && Number.isFinite(options.expiryDays) && options.expiryDays >= 0
      ? Math.floor(options.expiryDays)
      : DEFAULT_EXPIRY_DAYS;
  const probe = options.probe ?? probeSmtp;
  const width = Math.min(MAX_CONCURRENCY, Math.max(1, Math.floor(options.concurrency ?? 4) || 4));
  const drafts = targetsOf(facts.org, facts.domains, facts.paths, options);
  const targets: ProbeTargetFacts[] = drafts.map((d) => ({
    host: d.host,
    port: d.port,
    roles: [...d.roles],
    domains: [...d.domains],
    smartHosts: [...d.smartHosts],
    addressDns: [],
    address: null,
  }));
  await pool(
    targets.map((t, i) => [t, drafts[i] as Draft, i] as const),
    width,
    async ([t, draft, index]) => {
      if (draft.provider !== undefined && options.providerMx !== true && !t.roles.includes("named")) {
        t.skipped = { reason: "provider", detail: `an MX host run by ${draft.provider}, not by the organisation` };
        return;
      }
      if (index >= MAX_TARGETS) {
        t.skipped = { reason: "too-many", detail: `more than ${MAX_TARGETS} hosts to probe` };
        return;
      }
      const { address, dns, skip } = await addressOf(t.host, ctx);
      t.addressDns = dns;
      t.address = address;
      if (skip !== undefined || address === null) {
        t.skipped = skip ?? { reason: "no-address", detail: `${t.host} has no address` };
        return;
      }
      try {
        t.result = await probe(t.host, {
          ...(options.smtp ?? {}),
          port: t.port,
          address,
          now: ctx.now.getTime(),
          ...(ctx.signal ? { signal: ctx.signal } : {}),
        });
      } catch (error) {
        t.result = {
          ok: false,
          host: t.host,
          port: t.port,
          error: `the probe failed: ${error instanceof Error ? error.message : String(error)}`,
        };
      }
      // The probe refuses documentation addresses (example data) without a connection: not probed.
      if (t.result?.ok === false && isDocumentationAddress(address)) {
        t.skipped = {
          reason: "documentation-address",
          detail: `${address} is a documentation address (RFC 5737, RFC 3849), never routed on the Internet`,
        };
        delete t.result;
      }
    },
  );
  return { expiryDays, targets };
}

/** SHA-256 of a certificate's SubjectPublicKeyInfo (DER, base64 in), hex; undefined for a certificate node cannot read. */
function spkiDigest(derBase64: string): string | undefined {
  try {
    const spki = new X509Certificate(Buffer.from(derBase64, "base64")).publicKey.export({
      type: "spki",
      format: "der",
    });
    return createHash("sha256").update(spki).digest("hex");
  } catch {
    return undefined;
  }
}

/**
 * Matches the chain each port-25 MX probe saw against the host's usable TLSA records (RFC 7672
 * §3.1): a stale record (the certificate was renewed, the TLSA record was not) matches nothing.
 */
export function matchProbedTlsa(probes: ProbeFacts, transport: readonly TransportDomainFacts[]): void {
  for (const t of probes.targets) {
    const tls = t.result?.ok ? t.result.tls : undefined;
    if (t.port !== 25 || tls?.status !== "ok" || tls.value.chain.length === 0) continue;
    const leaf = tls.value.chain[0];
    if (leaf !== undefined) {
      const spki = spkiDigest(leaf.der);
      if (spki !== undefined) t.spkiSha256 = spki;
    }
    const dane = transport.flatMap((d) => d.dane?.hosts ?? []).find((h) => h.host === t.host && h.usableRecords > 0);
    if (dane === undefined) continue;
    const chain = tls.value.chain.map((c) => new Uint8Array(Buffer.from(c.der, "base64")));
    t.tlsa = matchTlsa(
      dane.records.filter((r) => r.usable).map((r) => r.text),
      chain,
      { hostnames: [t.host] },
    );
  }
}
