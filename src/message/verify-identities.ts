/**
 * The identities around DKIM in {@link verifyMessage}: the RFC5322.From domain (RFC 7489 §3.1,
 * §6.6.1), and SPF and DMARC, through this library's checkHost and evaluateDmarc unless the caller
 * injects other evaluators (hooks). Without a client IP or a MAIL FROM, SPF says why it was not
 * evaluated instead of guessing.
 */
import { DMARC_RESULTS } from "../dmarc/types.ts";
import type { Resolver } from "../dns/types.ts";
import { SPF_RESULTS, type SpfResult } from "../spf/types.ts";
import { defaultDmarcHook, defaultSpfHook } from "./default-hooks.ts";
import { type MessageDiagnostic, messageDiagnostic } from "./diagnostics.ts";
import type { DkimSignatureResult, DmarcOutcome, SpfOutcome, VerifyMessageOptions } from "./verify-types.ts";

const SPF_RESULT_SET: ReadonlySet<string> = new Set(SPF_RESULTS);
const DMARC_RESULT_SET: ReadonlySet<string> = new Set(DMARC_RESULTS);

/** The domain of an address (what follows its last "@"), lower case, or null. */
export function domainOfAddress(address: string | null | undefined): string | null {
  if (typeof address !== "string") return null;
  const at = address.lastIndexOf("@");
  const domain = (at < 0 ? "" : address.slice(at + 1)).trim().toLowerCase().replace(/\.$/, "");
  return domain === "" ? null : domain;
}

/**
 * The author domain: one From field whose addresses share one domain. Several From fields, or
 * authors in different domains, leave no single domain (RFC 5322 §3.6 allows one From field;
 * RFC 7489 §6.6.1 lets receivers reject such mail or evaluate it only when the domains agree).
 */
export function fromOf(
  addresses: readonly string[],
  fields: number,
): { domain: string | null; diagnostics: MessageDiagnostic[] } {
  const domains = [...new Set(addresses.map(domainOfAddress).filter((d): d is string => d !== null))];
  if (fields === 0 || domains.length === 0) return { domain: null, diagnostics: [messageDiagnostic("from-missing")] };
  if (domains.length > 1) {
    return {
      domain: null,
      diagnostics: [messageDiagnostic("from-multiple", `authors in several domains: ${domains.join(", ")}`)],
    };
  }
  if (fields > 1) {
    return {
      domain: domains[0] ?? null,
      diagnostics: [
        messageDiagnostic("from-multiple", `${fields} From fields (RFC 5322 allows one), all in ${domains[0]}`),
      ],
    };
  }
  return { domain: domains[0] ?? null, diagnostics: [] };
}

function failure(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** SPF through the hook, given an IP and a MAIL FROM (the option, or the Return-Path). */
export async function evaluateSpfHook(
  options: VerifyMessageOptions,
  resolver: Resolver,
  returnPath: string | null,
): Promise<SpfOutcome> {
  const mailFrom = options.mailFrom ?? returnPath ?? undefined;
  const domain = mailFrom === undefined ? null : (domainOfAddress(mailFrom) ?? options.helo?.toLowerCase() ?? null);
  const skipped = (reason: string): SpfOutcome => ({ result: "none", domain, evaluated: false, reason });
  const spfHook = options.spf ?? defaultSpfHook;
  if (options.ip === undefined) return skipped("no client IP given (options.ip)");
  if (mailFrom === undefined) return skipped("MAIL FROM unknown (options.mailFrom, or a Return-Path field)");
  try {
    const input = {
      ip: options.ip,
      mailFrom,
      resolver,
      ...(options.helo === undefined ? {} : { helo: options.helo }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    };
    const outcome = await spfHook(input);
    if (!SPF_RESULT_SET.has(String(outcome?.result)))
      return skipped(`SPF evaluator returned ${JSON.stringify(outcome?.result)}`);
    return {
      result: outcome.result,
      domain: typeof outcome.domain === "string" ? outcome.domain : domain,
      evaluated: true,
    };
  } catch (error) {
    return skipped(`SPF evaluator failed: ${failure(error)}`);
  }
}

/** DMARC through the hook, given the author domain and the SPF and DKIM outcomes. */
export async function evaluateDmarcHook(
  options: VerifyMessageOptions,
  resolver: Resolver,
  fromDomain: string | null,
  spf: SpfOutcome,
  dkim: readonly DkimSignatureResult[],
): Promise<DmarcOutcome> {
  const skipped = (reason: string, result: DmarcOutcome["result"] = "none"): DmarcOutcome => ({
    result,
    alignedBy: [],
    policy: null,
    evaluated: false,
    reason,
  });
  const dmarcHook = options.dmarc ?? defaultDmarcHook;
  if (fromDomain === null) return skipped("no single RFC5322.From domain to evaluate (RFC 7489 §6.6.1)", "permerror");
  try {
    const outcome = await dmarcHook({
      fromDomain,
      spf: { result: spf.evaluated ? spf.result : ("none" as SpfResult), domain: spf.domain },
      dkim: dkim.filter((d) => d.verified).map((d) => ({ domain: d.domain, selector: d.selector, result: d.result })),
      resolver,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    if (!DMARC_RESULT_SET.has(String(outcome?.result)))
      return skipped(`DMARC evaluator returned ${JSON.stringify(outcome?.result)}`);
    const alignedBy = Array.isArray(outcome.alignedBy)
      ? outcome.alignedBy.filter((a) => a === "spf" || a === "dkim")
      : [];
    return { result: outcome.result, alignedBy, policy: outcome.policy ?? null, evaluated: true };
  } catch (error) {
    return skipped(`DMARC evaluator failed: ${failure(error)}`);
  }
}
