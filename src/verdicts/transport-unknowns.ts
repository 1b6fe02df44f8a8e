/**
 * The transport facts the audit could not establish: an MTA-STS, TLS-RPT, TLSA or BIMI lookup that
 * failed, a policy or logo fetch that timed out (or an offline run without its recording), a probed
 * host whose address lookups failed, a probe step that could not complete. Each is "could not
 * check", never "absent": the rules stay silent on them and `dns-temperror` reports them.
 */

import type { DnsErrorCause, DnsStatus } from "../dns/types.ts";
import type { ObservedEvidence } from "../facts/evidence.ts";
import type { ProbeTargetFacts } from "../facts/probes.ts";
import { fetchState } from "../facts/transport.ts";
import { httpsEvidence, smtpEvidence } from "../facts/transport-evidence.ts";
import type { GatheredFacts } from "../facts/types.ts";
import type { FetchResult } from "../transport/fetch-resource.ts";
import type { ProbeStepName, SmtpProbeReport } from "../transport/smtp/types.ts";

/** A DNS question behind an unknown fact (the failed ones count). */
export interface FailedQuestion {
  name: string;
  type: string;
  status: DnsStatus;
  records: readonly unknown[];
  detail?: string | undefined;
  cause?: DnsErrorCause | undefined;
}

/** One transport fact that stays unknown, before the failed answers are filtered and claimed. */
export interface TransportUnknown {
  domain: string;
  fact: string;
  leavesOpen: string[];
  answers: FailedQuestion[];
  observed?: ObservedEvidence[];
  /** Why, when no failed DNS answer says it. */
  cause?: string;
}

function fetchUnknown(domain: string, what: string, fetch: FetchResult, leavesOpen: string): TransportUnknown {
  const dnsFailed = fetch.outcome === "unknown" && fetch.failure === undefined;
  return {
    domain,
    fact: `${what} (${fetch.url})`,
    leavesOpen: [leavesOpen],
    answers: fetch.dns,
    ...(dnsFailed
      ? {}
      : {
          observed: [httpsEvidence(fetch)],
          cause:
            fetch.failure === "unavailable"
              ? `the fetch was not made (${fetch.detail})`
              : `the fetch did not complete (${fetch.failure ?? "failed"}: ${fetch.detail})`,
        }),
  };
}

const STEP_WORDS: Partial<Record<ProbeStepName, string>> = {
  starttls: "whether it offers STARTTLS",
  tls: "its TLS version and certificate",
  authBeforeTls: "whether it offers AUTH before TLS",
  relay: "whether it relays mail for strangers",
};

function probeUnknown(t: ProbeTargetFacts, r: SmtpProbeReport): TransportUnknown | undefined {
  const steps: ProbeStepName[] = ["connect", "banner", "ehlo", "starttls", "tls", "authBeforeTls", "relay"];
  const open: string[] = [];
  let first: { step: ProbeStepName; cause: string; detail: string } | undefined;
  for (const name of steps) {
    const step = r[name];
    if (step.status !== "unknown") continue;
    first ??= { step: step.step, cause: step.cause, detail: step.detail };
    const words = STEP_WORDS[name];
    if (words !== undefined) open.push(words);
  }
  const relay = r.relay.status === "ok" ? r.relay.value : undefined;
  if (relay?.verdict === "deferred") {
    open.push("whether it relays mail for strangers (RCPT TO was deferred with a 4xx reply)");
    first ??= {
      step: "relay",
      cause: "deferred",
      detail: `the relay test was deferred (${relay.rcpt?.code ?? relay.mail.code})`,
    };
  }
  if (first === undefined) return undefined;
  const where = `${t.host}:${t.port}`;
  return {
    domain: t.domains[0] ?? t.host,
    fact: `the SMTP service of ${where}`,
    leavesOpen: open.length > 0 ? open.map((o) => `${o} (${where})`) : [`the SMTP checks of ${where}`],
    answers: [],
    observed: [smtpEvidence(t, r.transcript.slice(-12))],
    cause: `the probe's ${first.step} step did not complete (${first.cause}: ${first.detail})`,
  };
}

/** Every transport fact left unknown, in a stable order (domains, then probes). */
export function transportUnknowns(facts: Pick<GatheredFacts, "transport">): TransportUnknown[] {
  const out: TransportUnknown[] = [];
  for (const t of facts.transport?.domains ?? []) {
    const d = t.domain;
    const sts = t.mtaSts;
    if (sts?.record.outcome === "unknown")
      out.push({
        domain: d,
        fact: `the MTA-STS record of ${d}`,
        leavesOpen: [`whether ${d} publishes an MTA-STS policy`],
        answers: [sts.record.dns],
      });
    else if (sts?.policy !== undefined && fetchState(sts.policy.fetch) === "unknown")
      out.push(
        fetchUnknown(
          d,
          `the MTA-STS policy of ${d}`,
          sts.policy.fetch,
          `whether the MTA-STS policy of ${d} is valid and covers its MX hosts`,
        ),
      );
    if (t.tlsRpt?.status === "unknown")
      out.push({
        domain: d,
        fact: `the TLS-RPT record of ${d}`,
        leavesOpen: [`whether ${d} receives TLS reports`],
        answers: [t.tlsRpt.dns],
      });
    for (const h of t.dane?.hosts ?? []) {
      if (h.status !== "unknown") continue;
      out.push({
        domain: d,
        fact: `the TLSA records of ${h.host} (DANE)`,
        leavesOpen: [`whether senders can authenticate ${h.host} with DANE`],
        answers: [h.dns],
      });
    }
    const bimi = t.bimi;
    if (bimi?.status === "unknown" && bimi.logo === undefined)
      out.push({
        domain: d,
        fact: `the BIMI record of ${d}`,
        leavesOpen: [`whether ${d} publishes a BIMI logo`],
        answers: bimi.lookups.map((l) => l.dns),
      });
    else if (bimi?.logo !== undefined && fetchState(bimi.logo.fetch) === "unknown")
      out.push(fetchUnknown(d, `the BIMI logo of ${d}`, bimi.logo.fetch, `whether the BIMI logo of ${d} is valid`));
  }
  for (const t of facts.transport?.probes?.targets ?? []) {
    const where = `${t.host}:${t.port}`;
    if (t.skipped?.reason === "address-unknown") {
      out.push({
        domain: t.domains[0] ?? t.host,
        fact: `the address of ${t.host}`,
        leavesOpen: [`the SMTP checks of ${where}`],
        answers: t.addressDns.map((e) => ({
          name: e.name,
          type: e.type,
          status: e.status,
          records: e.records,
          detail: e.note,
          cause: e.cause,
        })),
      });
      continue;
    }
    const r = t.result;
    if (r === undefined) continue;
    if (!r.ok) {
      out.push({
        domain: t.domains[0] ?? t.host,
        fact: `the SMTP service of ${where}`,
        leavesOpen: [`the SMTP checks of ${where}`],
        answers: [],
        cause: `the probe was not run: ${r.error}`,
      });
      continue;
    }
    const u = probeUnknown(t, r);
    if (u !== undefined) out.push(u);
  }
  return out;
}
