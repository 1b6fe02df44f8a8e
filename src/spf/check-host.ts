/**
 * `checkHost(input, options)`: the check_host() function of RFC 7208 §4, as a receiver runs it,
 * with a trace of everything it did. Never throws; DNS goes only through the given Resolver.
 */
import { ipv4FromMapped, type ParsedIp, parseIp } from "../common/cidr.ts";
import { normalizeName } from "../dns/names.ts";
import type { Resolver } from "../dns/types.ts";
import type { SpfCache } from "./cache.ts";
import { checkDomain, type DomainOutcome } from "./check-domain.ts";
import type { Stopper } from "./deadline.ts";
import { Evaluation } from "./evaluation.ts";
import { DEFAULT_EXPLANATION } from "./explanation.ts";
import { resolveLimits, type SpfLimits, SpfStop } from "./limits.ts";
import type { SpfCheckResult, SpfProblem } from "./types.ts";

/** What is checked: check_host(<ip>, <domain>, <sender>) plus the HELO name (§4.1). */
export interface SpfCheckInput {
  /** The SMTP client's address, IPv4 or IPv6 (IPv4-mapped IPv6 is treated as IPv4, §5). */
  ip: string;
  /** The domain whose record is checked; defaults to the domain of `sender`, or `helo` when there is no sender. */
  domain?: string;
  /**
   * The MAIL FROM address. Empty or absent means a null reverse-path: the "HELO" identity
   * `postmaster@<helo>` is checked (§2.4). Without a local-part, "postmaster" is used (§4.3).
   */
  sender?: string;
  /** The HELO/EHLO name (macro `h`). */
  helo?: string;
}

/** Options of {@link checkHost}. */
export interface SpfCheckOptions {
  /** Where every DNS answer comes from. */
  resolver: Resolver;
  /** The receiving host's domain name (macro `r` in explanations). Default "unknown". */
  receiver?: string;
  /** §4.6.4 limits (defaults: 10 lookups, 2 void lookups, 10 MX, 10 PTR, 20 s). */
  limits?: SpfLimits;
  /** Cancels the evaluation (the result is then temperror). */
  signal?: AbortSignal;
  /** Record selections, parsed records and answers shared across evaluations, each for its TTL (bulk checks). */
  cache?: SpfCache;
  /** Explanation on "fail" when the record gives none (a macro-string). Default {@link DEFAULT_EXPLANATION}. */
  defaultExplanation?: string;
  /** Clock in milliseconds (macro `t`). Default `Date.now`. */
  now?: () => number;
}

/** The outcome when the deadline or the caller stops an evaluation still waiting for DNS. */
function stoppedOutcome(reason: string, domain: string): DomainOutcome {
  return { result: "temperror", problem: { code: "time-limit", message: reason, domain, rfc: "RFC 7208 §4.6.4" } };
}

function problemResult(result: "permerror", problem: SpfProblem): SpfCheckResult {
  return { result, problem, dnsLookups: 0, voidLookups: 0, trace: [{ step: "error", depth: 0, result, problem }] };
}

/** Splits <sender> into local-part and domain (§4.3: no local-part means "postmaster"). */
function splitSender(sender: string): { local: string; domain: string } {
  const at = sender.lastIndexOf("@");
  if (at < 0) return { local: "postmaster", domain: sender };
  const local = sender.slice(0, at);
  return { local: local === "" ? "postmaster" : local, domain: sender.slice(at + 1) };
}

/**
 * Evaluates SPF for a client IP and sender as a receiver does (RFC 7208 §4): fetches the record,
 * evaluates its terms left to right through includes and redirects within the §4.6.4 limits, and
 * computes the explanation on "fail" (§6.2). Never throws: malformed input is permerror, DNS
 * failures and timeouts are temperror, each with a `problem` saying why.
 *
 * ```ts
 * const r = await checkHost({ ip: "192.0.2.10", sender: "alice@contoso.example", helo: "mail.contoso.example" },
 *                           { resolver });
 * r.result; // "pass" | "fail" | ...
 * ```
 */
export async function checkHost(input: SpfCheckInput, options: SpfCheckOptions): Promise<SpfCheckResult> {
  if (typeof input !== "object" || input === null) {
    return problemResult("permerror", {
      code: "invalid-input",
      message: "checkHost() needs an input object { ip, domain?, sender?, helo? }",
      domain: "",
      rfc: "RFC 7208 §4.1",
    });
  }
  const helo = typeof input.helo === "string" ? input.helo : "";
  const rawSender = typeof input.sender === "string" && input.sender !== "" ? input.sender : `postmaster@${helo}`;
  const { local, domain: senderDomain } = splitSender(rawSender);
  const sender = `${local}@${senderDomain}`;
  const domain = normalizeName(typeof input.domain === "string" && input.domain !== "" ? input.domain : senderDomain);
  let ip: ParsedIp | undefined = typeof input.ip === "string" ? parseIp(input.ip.trim()) : undefined;
  if (ip === undefined) {
    return problemResult("permerror", {
      code: "invalid-ip",
      message: `${JSON.stringify(input.ip)} is not an IPv4 or IPv6 address: check_host() needs the client's <ip> (§4.1)`,
      domain,
      rfc: "RFC 7208 §4.1",
    });
  }
  if (ip.family === 6) {
    // §5: an IPv4-mapped IPv6 address "MUST still be considered an IPv4 address".
    const v4 = ipv4FromMapped(ip.value);
    if (v4 !== undefined) ip = { family: 4, value: v4 };
  }
  if (typeof options !== "object" || options === null || typeof options.resolver?.resolve !== "function") {
    return problemResult("permerror", {
      code: "invalid-input",
      message: "checkHost() needs options.resolver",
      domain,
      rfc: "RFC 7208 §4.1",
    });
  }
  if (options.signal?.aborted) {
    const problem: SpfProblem = {
      code: "time-limit",
      message: "the evaluation was aborted by the caller",
      domain,
      rfc: "RFC 7208 §4.6.4",
    };
    return {
      result: "temperror",
      problem,
      dnsLookups: 0,
      voidLookups: 0,
      trace: [{ step: "error", depth: 0, result: "temperror", problem }],
    };
  }
  const limits = resolveLimits(options.limits);
  const ev = new Evaluation({
    resolver: options.resolver,
    ip,
    sender,
    local,
    senderDomain,
    helo,
    receiver: options.receiver ?? "unknown",
    timestamp: Math.floor((options.now?.() ?? Date.now()) / 1000),
    limits,
    defaultExplanation: options.defaultExplanation ?? DEFAULT_EXPLANATION,
    ...(options.cache !== undefined ? { cache: options.cache } : {}),
    timeoutMs: limits.timeoutMs,
    ...(options.signal !== undefined ? { signal: options.signal } : {}),
  });
  // Made only when the evaluation waits for DNS (a promise below).
  let stop: Stopper | undefined;
  try {
    // One race per evaluation (not per question): a resolver that never answers cannot hold the
    // result past the deadline. The abandoned evaluation ends at its next question (checkStopped).
    const pending = checkDomain(ev, domain, 0, "top");
    let outcome: DomainOutcome;
    if (pending instanceof Promise) {
      stop = ev.stopper();
      outcome = await Promise.race([pending, stop.stopped.then((reason) => stoppedOutcome(reason, domain))]);
    } else {
      outcome = pending;
    }
    const trace = stop?.reason === undefined ? ev.trace : ev.trace.slice();
    if (stop?.reason !== undefined && outcome.problem?.code === "time-limit")
      trace.push({ step: "error", depth: 0, result: "temperror", problem: outcome.problem });
    const result: SpfCheckResult = {
      result: outcome.result,
      dnsLookups: ev.counters.lookups,
      voidLookups: ev.counters.voids,
      trace,
    };
    if (outcome.explanation !== undefined) {
      result.explanation = outcome.explanation.text;
      result.explanationSource = outcome.explanation.source;
    }
    if (outcome.matched !== undefined) result.matched = outcome.matched;
    if (outcome.problem !== undefined) result.problem = outcome.problem;
    return result;
  } catch (error) {
    const stopError =
      error instanceof SpfStop
        ? error
        : new SpfStop("temperror", {
            code: "internal-error",
            message: `unexpected error: ${error instanceof Error ? error.message : String(error)}`,
            domain,
            rfc: "RFC 7208 §4",
          });
    const trace = stop?.reason === undefined ? ev.trace : ev.trace.slice();
    trace.push({ step: "error", depth: 0, result: stopError.result, problem: stopError.problem });
    return {
      result: stopError.result,
      problem: stopError.problem,
      dnsLookups: ev.counters.lookups,
      voidLookups: ev.counters.voids,
      trace,
    };
  } finally {
    ev.done();
  }
}
