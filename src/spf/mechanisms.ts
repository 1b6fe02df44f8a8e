/**
 * Evaluation of the mechanisms that do not recurse (RFC 7208 §5.1, §5.3-§5.7): all, a, mx, ptr,
 * ip4, ip6, exists. include is in check-domain.ts (it is a recursive check_host()).
 */
import { formatIPv4, formatIPv6, ipv4PrefixMatch, ipv6PrefixMatch } from "../common/cidr.ts";
import type { DnsAnswer } from "../dns/types.ts";
import { type Evaluation, ipv4Records, ipv6Records } from "./evaluation.ts";
import { allOf, andThen, type Maybe } from "./maybe.ts";
import type { CompiledMechanism } from "./parse-term.ts";
import { sortedExchanges } from "./record.ts";
import { dnsFailure, isVoidStatus, mxLimit } from "./stops.ts";

/** Whether a mechanism matched, and why, in words for the trace. */
export interface TermOutcome {
  match: boolean;
  reason: string;
}

/** A void lookup (§4.6.4): NXDOMAIN, or NOERROR with no answer. */
function isVoid(answer: DnsAnswer): boolean {
  return isVoidStatus(answer.status);
}

/** Compares <ip> with address records under the mechanism's CIDR lengths; the matching address or undefined. */
function matchAddresses(ev: Evaluation, records: readonly unknown[], mech: CompiledMechanism): string | undefined {
  const ip = ev.setup.ip;
  if (ip.family === 4) {
    for (const v of ipv4Records(records)) if (ipv4PrefixMatch(v, ip.value, mech.cidr4)) return formatIPv4(v);
  } else {
    for (const v of ipv6Records(records)) if (ipv6PrefixMatch(v, ip.value, mech.cidr6)) return formatIPv6(v);
  }
  return undefined;
}

function cidrText(ev: Evaluation, mech: CompiledMechanism): string {
  return ev.setup.ip.family === 4 ? `/${mech.cidr4}` : `/${mech.cidr6}`;
}

/** A malformed <target-name> (§4.3 criteria): the mechanism does not match; it is treated as non-existent, without a query. */
function malformed(target: string, problem: string): TermOutcome {
  return {
    match: false,
    reason: `target-name "${target}" is not a valid DNS name (${problem}); treated as non-existent, no query`,
  };
}

/** a (§5.3): an address lookup of the target-name of the client's family; match on any address. */
export function evaluateA(ev: Evaluation, mech: CompiledMechanism, domain: string): Maybe<TermOutcome> {
  const term = mech.term.text;
  return andThen(ev.target(mech.spec, domain), ({ name: target, problem }) => {
    if (problem !== undefined) return malformed(target, problem);
    return andThen(ev.ask(target, ev.addressType, domain), (answer) => {
      if (isVoid(answer)) {
        ev.counters.countVoid(domain, term, target);
        return {
          match: false,
          reason: `${target} has no ${ev.addressType} records (${answer.status}; void lookup ${ev.counters.voids})`,
        };
      }
      if (answer.status !== "ok") throw dnsFailure(answer, domain, term);
      const hit = matchAddresses(ev, answer.records, mech);
      return hit !== undefined
        ? { match: true, reason: `${target} ${ev.addressType} ${hit}${cidrText(ev, mech)} contains the client` }
        : {
            match: false,
            reason: `no ${ev.addressType} record of ${target} contains the client with ${cidrText(ev, mech)}`,
          };
    });
  });
}

/**
 * mx (§5.4): the MX lookup, then an address lookup of each exchange. §4.6.4: "the evaluation of
 * each "MX" record MUST NOT result in querying more than 10 address records ... If this limit is
 * exceeded, the "mx" mechanism MUST produce a "permerror" result." The exchanges are asked
 * concurrently and read in preference order, so the outcome is that of asking them one by one.
 */
export function evaluateMx(ev: Evaluation, mech: CompiledMechanism, domain: string): Maybe<TermOutcome> {
  const term = mech.term.text;
  return andThen(ev.target(mech.spec, domain), ({ name: target, problem }) => {
    if (problem !== undefined) return malformed(target, problem);
    return andThen(ev.ask(target, "MX", domain), (answer): Maybe<TermOutcome> => {
      if (isVoid(answer)) {
        ev.counters.countVoid(domain, term, target);
        return {
          match: false,
          reason: `${target} has no MX records (${answer.status}; void lookup ${ev.counters.voids})`,
        };
      }
      if (answer.status !== "ok") throw dnsFailure(answer, domain, term);
      const max = ev.setup.limits.maxMxNames;
      if (answer.records.length > max) throw mxLimit(target, answer.records.length, max, domain, term);
      // A null MX (RFC 7505, exchange ".") names no host: nothing to look up.
      const exchanges = sortedExchanges(answer.records);
      if (exchanges.length === 0) return { match: false, reason: `${target} has no usable MX host (null MX)` };
      return andThen(allOf(exchanges.map((name) => ev.ask(name, ev.addressType, domain))), (answers) => {
        for (const [i, a] of answers.entries()) {
          // Address lookups of MX hosts are not terms: their empty answers are not void lookups.
          if (isVoid(a)) continue;
          if (a.status !== "ok") throw dnsFailure(a, domain, term);
          const hit = matchAddresses(ev, a.records, mech);
          if (hit !== undefined)
            return {
              match: true,
              reason: `MX host ${exchanges[i]} of ${target} has ${ev.addressType} ${hit}${cidrText(ev, mech)} containing the client`,
            };
        }
        return {
          match: false,
          reason: `no address of the ${exchanges.length} MX hosts of ${target} contains the client with ${cidrText(ev, mech)}`,
        };
      });
    });
  });
}

/**
 * ptr (§5.5, "do not use"): matches when a validated name of the client is the target-name or
 * one of its subdomains. "If a DNS error occurs while doing the PTR RR lookup, then this
 * mechanism fails to match."
 */
export async function evaluatePtr(ev: Evaluation, mech: CompiledMechanism, domain: string): Promise<TermOutcome> {
  const t = ev.target(mech.spec, domain);
  const target = (t instanceof Promise ? await t : t).name;
  const validated = await ev.validatedNames(domain);
  if (validated.status === "nxdomain" || validated.status === "nodata") {
    ev.counters.countVoid(domain, mech.term.text, "the client's PTR name");
    return {
      match: false,
      reason: `the client has no PTR records (${validated.status}; void lookup ${ev.counters.voids})`,
    };
  }
  if (validated.status !== "ok")
    return { match: false, reason: `PTR lookup failed (${validated.status}): ptr does not match (§5.5)` };
  const hit = validated.names.find((n) => n === target || n.endsWith(`.${target}`));
  if (hit !== undefined) return { match: true, reason: `validated name ${hit} is within ${target}` };
  const names = validated.names.length > 0 ? validated.names.join(", ") : "none";
  return { match: false, reason: `no validated name of the client (${names}) is within ${target}` };
}

/** exists (§5.7): an A lookup of the target-name, whatever the client's family; any record matches. */
export function evaluateExists(ev: Evaluation, mech: CompiledMechanism, domain: string): Maybe<TermOutcome> {
  const term = mech.term.text;
  return andThen(ev.target(mech.spec, domain), ({ name: target, problem }) => {
    if (problem !== undefined) return malformed(target, problem);
    return andThen(ev.ask(target, "A", domain), (answer) => {
      if (isVoid(answer)) {
        ev.counters.countVoid(domain, term, target);
        return {
          match: false,
          reason: `${target} has no A records (${answer.status}; void lookup ${ev.counters.voids})`,
        };
      }
      if (answer.status !== "ok") throw dnsFailure(answer, domain, term);
      return { match: true, reason: `${target} has A ${answer.records.join(", ")}` };
    });
  });
}
