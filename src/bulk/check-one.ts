/**
 * One domain of a bulk run, whatever happens to it: a report, "not found" (its name is NXDOMAIN),
 * or "not checked" with the reason (not a domain name, the check threw, it passed its deadline).
 * Never throws, never hangs past the deadline: a hostile domain (a resolver that never answers,
 * a huge SPF tree) is aborted through the check's `AbortSignal` and the worker moves on.
 */
import type { CheckOptions } from "../audit/api.ts";
import type { AuditReport } from "../audit/report-types.ts";
import { resolveSafely } from "../dns/answer.ts";
import type { DnsAnswer, ResolveOptions, Resolver, RRType } from "../dns/types.ts";
import type { DomainResult } from "../report/bulk-types.ts";
import type { DomainInput } from "./domain-list.ts";
import { ScopedResolver } from "./scoped-resolver.ts";

/** Checks one domain (the library's `checkDomain`, or a test's fake). */
export type CheckFunction = (domain: string, options: CheckOptions) => Promise<AuditReport>;

/** Default overall deadline of one domain's check, milliseconds. */
export const DEFAULT_DOMAIN_TIMEOUT_MS = 60_000;

/** Options of {@link checkOne}. */
export interface CheckOneOptions {
  check: CheckFunction;
  /** Passed to the check; its resolver is usually shared by every domain of the run. */
  options: CheckOptions;
  /** Overall deadline of the domain's check, milliseconds. Default 60,000. */
  domainTimeoutMs?: number;
  /**
   * The resolver under the shared cache: when given, the names at or below the domain go straight
   * to it (only this check asks them) and only the others through `options.resolver` (see
   * {@link ScopedResolver}).
   */
  direct?: Resolver;
}

function isReport(value: unknown): value is AuditReport {
  return (
    typeof value === "object" &&
    value !== null &&
    Array.isArray((value as AuditReport).findings) &&
    typeof (value as AuditReport).summary === "object"
  );
}

function messageOf(error: unknown): string {
  if (error === undefined) return "";
  return error instanceof Error ? error.message : String(error);
}

/** Watches the answers to the domain's own TXT question: NXDOMAIN there means the domain does not exist. */
class ApexWatch implements Resolver {
  readonly #inner: Resolver;
  readonly #apex: string;
  nxdomain = false;

  constructor(inner: Resolver, apex: string) {
    this.#inner = inner;
    this.#apex = apex;
  }

  async resolve<T extends RRType>(name: string, type: T, options?: ResolveOptions): Promise<DnsAnswer<T>> {
    const answer = await resolveSafely(this.#inner, name, type, options);
    // RFC 8020 §2: NXDOMAIN means no name exists at or below it. An alias to a missing target is
    // not the domain missing (the alias exists).
    if (answer.name === this.#apex && answer.status === "nxdomain" && answer.cnameChain.length === 0) {
      this.nxdomain = true;
    }
    return answer;
  }
}

/** Seconds, for messages: `60 s`, `0.5 s`. */
function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}

/** Checks one domain within its deadline; never throws. */
export async function checkOne(input: DomainInput, o: CheckOneOptions): Promise<DomainResult> {
  const domain = input.domain;
  if (input.problem !== undefined) {
    return {
      domain,
      status: "not-checked",
      reason: `not a domain name: ${input.problem}`,
      ...(input.line !== undefined ? { line: input.line } : {}),
    };
  }
  const limit = o.domainTimeoutMs ?? DEFAULT_DOMAIN_TIMEOUT_MS;
  const controller = new AbortController();
  const signal = o.options.signal ? AbortSignal.any([controller.signal, o.options.signal]) : controller.signal;
  const resolver = o.direct ? new ScopedResolver(domain, o.options.resolver, o.direct) : o.options.resolver;
  const watch = new ApexWatch(resolver, domain);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<"deadline">((resolve) => {
    timer = setTimeout(() => resolve("deadline"), limit);
  });
  try {
    const outcome = await Promise.race([
      o.check(domain, { ...o.options, resolver: watch, signal }).then(
        (report: unknown) => ({ report }),
        (error: unknown) => ({ error }),
      ),
      deadline,
    ]);
    if (outcome === "deadline") {
      controller.abort(new Error(`the deadline of ${seconds(limit)} passed`));
      return {
        domain,
        status: "not-checked",
        reason: `not checked within the deadline of ${seconds(limit)} per domain`,
      };
    }
    if (o.options.signal?.aborted) {
      return {
        domain,
        status: "not-checked",
        reason: `the run was stopped${o.options.signal.reason === undefined ? "" : `: ${messageOf(o.options.signal.reason)}`}`,
      };
    }
    if (watch.nxdomain) return { domain, status: "not-found", reason: `${domain} does not exist (NXDOMAIN)` };
    if ("error" in outcome) {
      return { domain, status: "not-checked", reason: messageOf(outcome.error) || "the check failed" };
    }
    if (!isReport(outcome.report)) return { domain, status: "not-checked", reason: "the check returned no report" };
    // A check that could not see (docs/audit.md) is "not checked", whatever its findings say.
    const blind = outcome.report.summary.blind;
    if (blind !== undefined)
      return { domain, status: "not-checked", reason: `the check could not see: ${blind.reason}` };
    return { domain, status: "checked", report: outcome.report };
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}
