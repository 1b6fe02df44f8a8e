/** Connector checks that two rules share, so that one cause gives one finding. */
import { parseIp } from "../common/cidr.ts";
import { isEnabled, smartHostsOf } from "../exchange/connectors.ts";
import type { SendConnector } from "../exchange/types-onprem.ts";
import type { HeloAddress, HeloFacts } from "../facts/exchange.ts";
import { answerState } from "../facts/state.ts";

/** Why a smart host connector may send its credentials in clear text, or undefined. */
export function cleartextAuth(c: SendConnector): string | undefined {
  if (!isEnabled(c) || smartHostsOf(c).length === 0) return undefined;
  const mechanism = c.SmartHostAuthMechanism ?? "";
  if ((mechanism === "BasicAuth" || mechanism === "BasicAuthRequireTLS") && c.IgnoreSTARTTLS === true)
    return `IgnoreSTARTTLS is True, so the session is never encrypted and ${mechanism} sends the credentials in clear text`;
  if (mechanism === "BasicAuth" && c.RequireTLS !== undefined && c.RequireTLS !== true)
    return "SmartHostAuthMechanism is BasicAuth (not BasicAuthRequireTLS) and RequireTLS is not True, so when the smart host does not offer STARTTLS (or an attacker strips it) the credentials go in clear text";
  return undefined;
}

/** A receiver's conclusion about one egress address of a connector. */
export interface AddressOutcome {
  state: "pass" | "fail" | "unknown";
  /** Why it fails, one clause each. */
  reasons: string[];
  /** For forward-confirmed reverse DNS: which side failed (the PTR record, the EHLO name's A/AAAA). */
  failed?: ("ptr" | "forward")[];
}

const bare = (name: string) => name.trim().toLowerCase().replace(/\.$/, "");

function sameAddress(a: string, b: string): boolean {
  const x = parseIp(a);
  const y = parseIp(b);
  return x !== undefined && y !== undefined && x.family === y.family && BigInt(x.value) === BigInt(y.value);
}

/**
 * Forward-confirmed reverse DNS of an egress address against the EHLO name (RFC 8601 §3, "iprev";
 * RFC 1912 §2.1): the address's PTR names the EHLO name, and the EHLO name's A (or AAAA) records hold
 * the address. A definite failure of either side fails; a failed question leaves it unknown.
 */
export function fcrdns(h: HeloFacts, a: HeloAddress): AddressOutcome {
  const v6 = a.ip.includes(":");
  const forward = v6 ? h.forward.aaaa : h.forward.a;
  const reasons: string[] = [];
  const failed: ("ptr" | "forward")[] = [];
  const ptrState = answerState(a.ptr);
  const names = a.ptr.records.map(bare);
  if (ptrState === "absent") reasons.push(`${a.ip} has no PTR record (${a.ptr.status})`);
  else if (ptrState === "present" && !names.includes(h.fqdn))
    reasons.push(`the PTR record of ${a.ip} names ${names.join(", ")}, not ${h.fqdn}`);
  if (reasons.length > 0) failed.push("ptr");
  const forwardState = answerState(forward);
  if (forwardState === "absent") reasons.push(`${h.fqdn} has no ${v6 ? "AAAA" : "A"} record (${forward.status})`);
  else if (forwardState === "present" && !forward.records.some((r) => sameAddress(r, a.ip)))
    reasons.push(`${h.fqdn} resolves to ${forward.records.join(", ")}, not ${a.ip}`);
  if (reasons.length > failed.length) failed.push("forward");
  if (reasons.length > 0) return { state: "fail", reasons, failed };
  return { state: ptrState === "unknown" || forwardState === "unknown" ? "unknown" : "pass", reasons };
}

/** check_host() with the EHLO name (the HELO identity, RFC 7208 §2.3) for one egress address. */
export function heloSpf(h: HeloFacts, a: HeloAddress): AddressOutcome {
  const r = a.spf.result;
  if (r === "pass") return { state: "pass", reasons: [] };
  if (r === "temperror") return { state: "unknown", reasons: [] };
  if (r === "none") return { state: "fail", reasons: [`${h.fqdn} publishes no SPF record`] };
  if (r === "permerror")
    return {
      state: "fail",
      reasons: [`the SPF record of ${h.fqdn} is broken (permerror: ${a.spf.problem?.message ?? "?"})`],
    };
  return { state: "fail", reasons: [`the SPF record of ${h.fqdn} gives ${r} for ${a.ip}`] };
}

/** Where the egress addresses were read, for messages. */
export function egressSource(h: HeloFacts): string {
  return h.egress.source === "path"
    ? `the egress addresses of path${h.egress.paths.length > 1 ? "s" : ""} ${h.egress.paths.join(", ")} in the description`
    : `the A/AAAA records of ${h.fqdn} (the description names no direct path for this connector; if mail leaves through NAT, list the real addresses there)`;
}
