/**
 * What a finding rests on: DNS answers (`DnsEvidence`, from the DNS layer) or something else the
 * audit observed: an Exchange configuration object, the records of DMARC reports, an SMTP probe's
 * transcript, an HTTPS fetch. One union, rendered by every report format.
 */
import type { DnsEvidence, EvidenceOmission } from "../dns/evidence.ts";

/** Where non-DNS evidence comes from. */
export type ObservationKind = "exchange" | "reports" | "smtp" | "https";

/** Evidence that is not a DNS answer. Plain JSON. */
export interface ObservedEvidence {
  kind: ObservationKind;
  /**
   * What was looked at: `Get-ReceiveConnector "Default Frontend EX1" (receive-connectors.xml)`,
   * `smtp://mx1.contoso.example:25`, `https://mta-sts.contoso.example/.well-known/mta-sts.txt`,
   * `DMARC aggregate reports, 2026-11-01 to 2026-11-30`.
   */
  source: string;
  /** What was seen there, one line each: `RemoteIPRanges = 0.0.0.0-255.255.255.255`, a reply line. */
  lines: string[];
  /** Why it matters to the finding. */
  note?: string;
  /** Set when a report cut this evidence to its size limits: lines not shown and bytes left out. */
  omitted?: EvidenceOmission;
}

/** A finding's evidence: a DNS answer, or another observation. */
export type Evidence = DnsEvidence | ObservedEvidence;

/** Whether a piece of evidence is a DNS answer (DNS evidence carries no `kind`). */
export function isDnsEvidence(e: Evidence): e is DnsEvidence {
  return !("kind" in e);
}
