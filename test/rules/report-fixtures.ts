/**
 * Small DMARC aggregate reports for the `report-*` rule tables: `report(records)` is one day's
 * report for example.com; `rec(ip, count, ...)` one record, described by what the receiver saw.
 */
import type { AggregateRecord, AggregateReport, DkimAuthResult, SpfAuthResult } from "../../src/reports/types.ts";

export interface RecordSpec {
  /** header_from (default example.com). */
  from?: string;
  /** Aligned DKIM outcome (policy_evaluated). */
  dkim?: "pass" | "fail";
  /** Aligned SPF outcome (policy_evaluated). */
  spf?: "pass" | "fail";
  /** auth_results/dkim: [domain, selector, result]. */
  dkimAuth?: [string, string, DkimAuthResult][];
  /** auth_results/spf: [domain, result]. */
  spfAuth?: [string, SpfAuthResult][];
  reasons?: string[];
  disposition?: AggregateRecord["disposition"];
}

/** One record. */
export function rec(ip: string, count: number, spec: RecordSpec = {}): AggregateRecord {
  return {
    sourceIp: ip,
    count,
    disposition: spec.disposition ?? "none",
    dkim: spec.dkim ?? "fail",
    spf: spec.spf ?? "fail",
    reasons: (spec.reasons ?? []).map((type) => ({ type, comment: null })),
    headerFrom: spec.from ?? "example.com",
    envelopeFrom: null,
    envelopeTo: null,
    authResults: {
      dkim: (spec.dkimAuth ?? []).map(([domain, selector, result]) => ({ domain, selector, result })),
      spf: (spec.spfAuth ?? []).map(([domain, result]) => ({ domain, scope: "mfrom", result })),
    },
  };
}

/** Mail from the described direct path of the rule tester's base organisation: both identifiers pass aligned. */
export function direct(count: number, ip = "192.0.2.10"): AggregateRecord {
  return rec(ip, count, {
    dkim: "pass",
    spf: "pass",
    dkimAuth: [["example.com", "s1", "pass"]],
    spfAuth: [["example.com", "pass"]],
  });
}

let serial = 0;

/** One report (a day from `day`, by `reporter`) for `domain` with these records. */
export function report(
  records: AggregateRecord[],
  options: { domain?: string; day?: string; reporter?: string; p?: "none" | "quarantine" | "reject" } = {},
): AggregateReport {
  const day = options.day ?? "2026-11-20";
  const begin = `${day}T00:00:00.000Z`;
  const end = new Date(Date.parse(begin) + 86_399_000).toISOString();
  return {
    version: "1.0",
    orgName: options.reporter ?? "google.com",
    email: "noreply-dmarc-support@google.com",
    reportId: `r${++serial}`,
    begin,
    end,
    policy: {
      domain: options.domain ?? "example.com",
      p: options.p ?? "reject",
      sp: null,
      np: null,
      adkim: "r",
      aspf: "r",
      pct: 100,
      t: null,
      discoveryMethod: null,
    },
    records,
  };
}
