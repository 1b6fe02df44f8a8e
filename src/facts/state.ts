/**
 * Three states for every fact the audit derives: **present**, **absent** (proven by an answer:
 * NXDOMAIN or NODATA) or **unknown** (a timeout, SERVFAIL, REFUSED, a malformed or hostile answer,
 * a question refused by the query budget, an aborted audit). A rule that asserts absence fires only
 * on `absent`; anything that depends on an `unknown` fact is itself unknown (docs/audit.md).
 *
 * States are derived from the facts (never stored beside them), through these functions only.
 */
import type { DkimKeyLookup } from "../dkim/types.ts";
import type { DmarcDiscovery } from "../dmarc/results.ts";
import { dnsOutcome } from "../dns/answer.ts";
import type { DnsAnswer, DnsStatus } from "../dns/types.ts";
import type { SpfSelection } from "../spf/record.ts";

/** What the audit knows of a fact. */
export type FactState = "present" | "absent" | "unknown";

/** Statuses that prove a name or an RRset does not exist (RFC 2308 §2.1, §2.2). */
const ABSENT: ReadonlySet<DnsStatus> = new Set<DnsStatus>(["nxdomain", "nodata"]);

/**
 * Whether a DNS status leaves the answer unknown (anything but ok, NXDOMAIN and NODATA), for the
 * query log, which keeps statuses only. Prefer {@link answerState} where the answer is at hand.
 */
export function isUnknownStatus(status: DnsStatus): boolean {
  return status !== "ok" && !ABSENT.has(status);
}

/**
 * The state of one answer (the DNS layer's `dnsOutcome`): ok → present, NXDOMAIN/NODATA → absent,
 * a name that cannot exist in DNS → absent, anything else (timeout, SERVFAIL, REFUSED, a malformed
 * answer, a budget refusal, an abort) → unknown.
 */
export function answerState(answer: Pick<DnsAnswer, "status" | "cause">): FactState {
  return dnsOutcome(answer);
}

/** The state of a domain's SPF record (RFC 7208 §4.4-4.5): several records are present (and a permerror). */
export function spfState(selection: SpfSelection): FactState {
  switch (selection.status) {
    case "found":
    case "multiple":
      return "present";
    case "none":
      return "absent";
    case "temperror":
      return "unknown";
  }
}

/** The state of a domain's DMARC policy: a record that applies (usable or not), none, or a DNS failure. */
export function dmarcState(discovery: DmarcDiscovery | undefined): FactState {
  if (discovery === undefined) return "unknown";
  switch (discovery.status) {
    case "found":
    case "invalid":
      return "present";
    case "none":
      return "absent";
    case "temperror":
      return "unknown";
  }
}

/**
 * The state of a DKIM key: `absent` only when nothing is published at the name or its CNAME target
 * (`missing`, `dangling`); `unknown` for a failed question or a selector that could not be asked
 * (the provider assigns it and the description does not give it).
 */
export function keyState(lookup: DkimKeyLookup | undefined): FactState {
  if (lookup === undefined) return "unknown";
  switch (lookup.status) {
    case "missing":
    case "dangling":
    case "invalid-name":
      return "absent";
    case "temperror":
      return "unknown";
    default:
      return "present";
  }
}

/** The state of a set of answers that together make one fact (A and AAAA of a host, say). */
export function combinedState(states: readonly FactState[]): FactState {
  if (states.includes("present")) return states.includes("unknown") ? "unknown" : "present";
  return states.includes("unknown") ? "unknown" : "absent";
}

/** The failed answers among `answers` (what a `dns-temperror` finding cites). */
export function failedAnswers<T extends Pick<DnsAnswer, "status" | "cause">>(answers: readonly T[]): T[] {
  return answers.filter((a) => answerState(a) === "unknown");
}

/**
 * Whether a domain exists: NXDOMAIN at its own name (for its TXT or MX question) proves it does
 * not (RFC 8020: nothing exists below it either); any definite answer proves it does; `unknown`
 * when both questions failed.
 */
export function domainExists(facts: {
  spf: { answer: Pick<DnsAnswer, "status"> };
  mx: Pick<DnsAnswer, "status">;
}): boolean | "unknown" {
  const answers = [facts.spf.answer, facts.mx];
  if (answers.some((a) => a.status === "nxdomain")) return false;
  return answers.every((a) => answerState(a) === "unknown") ? "unknown" : true;
}

/**
 * A domain of the description (not only a path's MAIL FROM domain) whose own name is NXDOMAIN:
 * `domain-not-found` reports it, and the "publish a record" rules leave it alone.
 */
export function isMissingOrgDomain(facts: {
  roles: readonly string[];
  spf: { answer: Pick<DnsAnswer, "status"> };
  mx: Pick<DnsAnswer, "status">;
}): boolean {
  return facts.roles.includes("org") && domainExists(facts) === false;
}
