/**
 * The stops of a check_host() evaluation that both evaluators share: checkHost() over DNS
 * (check-domain.ts, mechanisms.ts) and the static evaluation over an analysis (static-eval.ts).
 * Each builds the {@link SpfStop} a receiver's result comes from, with the RFC sentence behind it;
 * the §4.6.4 counters are {@link LookupCounters} (limits.ts), shared the same way.
 */
import type { DnsStatus } from "../dns/types.ts";
import { SpfStop } from "./limits.ts";

/** A void lookup (§4.6.4): NXDOMAIN, or NOERROR with no answer. */
export function isVoidStatus(status: DnsStatus): boolean {
  return status === "nxdomain" || status === "nodata";
}

/**
 * §5: "If the server returns "Name Error" (RCODE 3), then evaluation of the mechanism continues
 * as if the server returned no error (RCODE 0) and zero answer records." Errors and timeouts are
 * temperror: "if the DNS server returns an error (RCODE other than 0 or 3) or the query times out,
 * the mechanism stops and the topmost check_host() returns "temperror"."
 */
export function dnsFailure(
  answer: { type: string; name: string; status: DnsStatus; detail?: string | undefined },
  domain: string,
  term: string,
): SpfStop {
  return new SpfStop("temperror", {
    code: "dns-error",
    message: `${answer.type} lookup of ${answer.name} for "${term}" failed: ${answer.status}${answer.detail ? ` (${answer.detail})` : ""}`,
    domain,
    term,
    rfc: "RFC 7208 §5",
  });
}

/**
 * §4.6.4: "the evaluation of each "MX" record MUST NOT result in querying more than 10 address
 * records ... If this limit is exceeded, the "mx" mechanism MUST produce a "permerror" result."
 */
export function mxLimit(target: string, records: number, max: number, domain: string, term: string): SpfStop {
  return new SpfStop("permerror", {
    code: "mx-limit",
    message: `${target} has ${records} MX records; at most ${max} may be looked up per "mx" mechanism`,
    domain,
    term,
    rfc: "RFC 7208 §4.6.4",
  });
}

/** §5.2: an include whose target has no SPF record ("none") is permerror. */
export function includeNone(target: string, domain: string, term: string, why = "no SPF record"): SpfStop {
  return new SpfStop("permerror", {
    code: "include-none",
    message: `include:${target}: ${why} (an include of a domain without an SPF record is permerror)`,
    domain,
    term,
    rfc: "RFC 7208 §5.2",
  });
}

/**
 * §6.1: "If no SPF record is found, or if the <target-name> is malformed, the result is a
 * "permerror" rather than "none"."
 */
export function redirectNone(target: string, domain: string, term: string, why = "no SPF record"): SpfStop {
  return new SpfStop("permerror", {
    code: "redirect-none",
    message: `redirect=${target}: ${why}`,
    domain,
    term,
    rfc: "RFC 7208 §6.1",
  });
}
