/** Builds the transport part of the report ({@link TransportReport}) from the gathered facts. */
import type { ProbeTargetFacts } from "../facts/probes.ts";
import type { TransportDomainFacts, TransportFacts } from "../facts/transport.ts";
import { PROBE_STEPS, type SmtpProbeReport } from "../transport/smtp/types.ts";
import type { ProbeReport, TransportDomainReport, TransportReport } from "./report-transport-types.ts";

const MAX_TRANSCRIPT = 60;

function domainReport(t: TransportDomainFacts): TransportDomainReport {
  const out: TransportDomainReport = { domain: t.domain };
  const sts = t.mtaSts;
  if (sts !== undefined) {
    const policy = sts.policy?.parse?.policy;
    out.mtaSts = {
      status: sts.status,
      record: sts.record.records[0] ?? sts.record.nearMisses[0] ?? null,
      id: sts.record.id ?? null,
      policyUrl: sts.policy?.fetch.url ?? null,
      mode: policy?.mode ?? null,
      mx: policy?.mx ?? [],
      maxAge: policy?.maxAge ?? null,
      uncovered: sts.mx.coverage?.uncovered ?? [],
    };
  }
  if (t.tlsRpt !== undefined)
    out.tlsRpt = {
      status: t.tlsRpt.status,
      record: t.tlsRpt.records[0] ?? t.tlsRpt.nearMisses[0] ?? null,
      rua: (t.tlsRpt.parse?.rua ?? []).map((u) => u.uri),
    };
  if (t.dane !== undefined)
    out.dane = {
      status: t.dane.status,
      hosts: t.dane.hosts.map((h) => ({
        host: h.host,
        status: h.status,
        records: h.records.map((r) => r.text),
        ...(h.authenticated !== undefined ? { authenticated: h.authenticated } : {}),
      })),
    };
  if (t.bimi !== undefined)
    out.bimi = {
      status: t.bimi.status,
      record: t.bimi.record?.text ?? null,
      logo: t.bimi.record?.parse.location ?? null,
      dmarc: t.bimi.dmarc.status,
    };
  return out;
}

/** The steps whose unknown outcome the report lists (the closing QUIT says nothing of the host). */
const STEPS = PROBE_STEPS.filter((s) => s !== "quit");

function cell<T, V>(step: { status: string; value?: T }, read: (value: T) => V): V | "unknown" | null {
  if (step.status === "unknown") return "unknown";
  if (step.status === "skipped") return null;
  return read(step.value as T);
}

function probed(r: SmtpProbeReport): Omit<ProbeReport, "host" | "port" | "roles" | "domains" | "address" | "status"> {
  return {
    tlsMode: r.tlsMode,
    banner: cell(r.banner, (b) => `${b.reply.code} ${b.reply.lines[0] ?? ""}`.trim()),
    starttls: cell(r.starttls, (s) => s.offered),
    tls: cell(r.tls, (t) => {
      const leaf = t.chain[0];
      return {
        protocol: t.protocol,
        cipher: t.cipher.standardName || t.cipher.name,
        valid: t.valid,
        chainTrusted: t.chainTrusted,
        chainError: t.chainError,
        nameMatches: t.nameMatches,
        expired: t.expired,
        daysToExpiry: t.daysToExpiry,
        subject: leaf?.subject ?? null,
        issuer: leaf?.issuer ?? null,
        validTo: leaf?.validTo ?? null,
        names: leaf?.dnsNames ?? [],
      };
    }),
    authBeforeTls: cell(r.authBeforeTls, (a) => a.offered),
    relay: cell(r.relay, (x) => x.verdict),
    unknown: STEPS.flatMap((name) => {
      const step = r[name];
      return step.status === "unknown" && step.step === name
        ? [{ step: name, cause: step.cause, detail: step.detail }]
        : [];
    }),
    transcript: r.transcript.slice(0, MAX_TRANSCRIPT),
  };
}

function probeReport(t: ProbeTargetFacts): ProbeReport {
  const base = { host: t.host, port: t.port, roles: t.roles, domains: t.domains, address: t.address };
  const empty = {
    tlsMode: null,
    banner: null,
    starttls: null,
    tls: null,
    authBeforeTls: null,
    relay: null,
    unknown: [],
    transcript: [],
  };
  if (t.skipped !== undefined) return { ...base, status: t.skipped.reason, detail: t.skipped.detail, ...empty };
  const r = t.result;
  if (r === undefined || !r.ok)
    return { ...base, status: "error", detail: r === undefined ? "not probed" : r.error, ...empty };
  const out: ProbeReport = { ...base, status: "probed", ...probed(r) };
  if (t.tlsa !== undefined) out.dane = t.tlsa.matched ? "match" : "no-match";
  return out;
}

/** The transport part of a report; undefined when the audit gathered none. */
export function transportReport(facts: TransportFacts | undefined): TransportReport | undefined {
  if (facts === undefined) return undefined;
  const out: TransportReport = { domains: facts.domains.map(domainReport) };
  if (facts.probes !== undefined) out.probes = facts.probes.targets.map(probeReport);
  return out;
}
