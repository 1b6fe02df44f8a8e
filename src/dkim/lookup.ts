/**
 * Key lookup: `<selector>._domainkey.<domain>` TXT through the Resolver (RFC 6376 §3.6.2, §6.1.2),
 * with the answer as evidence and each way it can go wrong told apart.
 */
import { joinTxt, resolveSafely } from "../dns/answer.ts";
import { evidenceOf } from "../dns/evidence.ts";
import type { DnsAnswer, Resolver } from "../dns/types.ts";
import { dkimDiagnostic } from "./diagnostics.ts";
import { dkimKeyName } from "./key-name.ts";
import { parseDkimKey } from "./key-record.ts";
import { builtinProviderOf } from "./provider-targets.ts";
import type { DkimDiagnostic, DkimKeyLookup, DkimKeyRecord, DkimKeyStatus } from "./types.ts";

/** Options of {@link lookupDkimKey}. */
export interface LookupDkimKeyOptions {
  resolver: Resolver;
  signal?: AbortSignal;
  /** Maps a CNAME target to a provider id (the catalog); the built-in table is used when absent or when it returns undefined. */
  providerOf?: (cnameTarget: string) => string | undefined;
}

/** The provider of a CNAME target: the caller's mapping first, then the built-in table. */
export function providerOfTarget(target: string, providerOf?: (target: string) => string | undefined): string | null {
  let provider: string | undefined;
  try {
    provider = providerOf?.(target);
  } catch {
    provider = undefined;
  }
  return provider ?? builtinProviderOf(target) ?? null;
}

/**
 * Errors that make a record "malformed": verifiers must ignore it (RFC 6376 §6.1.2 step 5, key
 * syntax error). Other errors (a key too short, h=sha1 only, s= without email) leave a well-formed
 * record whose key verifiers will not use: status `ok`, `usable: false`.
 */
const MALFORMED: ReadonlySet<string> = new Set([
  "tag-syntax",
  "tag-empty",
  "tag-duplicate",
  "version-invalid",
  "key-type-unknown",
  "key-missing",
  "key-base64-invalid",
  "key-undecodable",
  "key-type-mismatch",
  "ed25519-key-not-raw",
  "rsa-key-too-large",
]);

interface Verdict {
  status: DkimKeyStatus;
  record: DkimKeyRecord | null;
  diagnostics: DkimDiagnostic[];
}

/** Classifies a TXT answer that reached records (RFC 6376 §3.6.2.2, §6.1.2). */
function classifyRecords(texts: readonly string[]): Verdict {
  const parsed = texts.map((text) => parseDkimKey(text));
  const keyLike = parsed.filter((record) => record.isKeyRecord);
  const record = keyLike[0] ?? parsed[0] ?? null;
  if (parsed.length > 1) {
    const message = `${parsed.length} TXT records at the selector name (${keyLike.length} look like keys); verifiers may pick any`;
    return {
      status: "multiple",
      record,
      diagnostics: [dkimDiagnostic("multiple-records", message), ...(record?.diagnostics ?? [])],
    };
  }
  if (record === null || !record.isKeyRecord) {
    return { status: "not-a-key", record, diagnostics: record?.diagnostics ?? [dkimDiagnostic("not-a-key-record")] };
  }
  if (record.revoked) return { status: "revoked", record, diagnostics: record.diagnostics };
  const malformed = record.key === null || record.diagnostics.some((d) => MALFORMED.has(d.code));
  return { status: malformed ? "malformed" : "ok", record, diagnostics: record.diagnostics };
}

/** Classifies a TXT answer (RFC 6376 §6.1.2 steps 2 and 3). */
function classify(answer: DnsAnswer<"TXT">): Verdict {
  const viaCname = answer.cnameChain.length > 0;
  const target = answer.cnameChain[answer.cnameChain.length - 1] ?? answer.name;
  switch (answer.status) {
    case "ok":
      return classifyRecords(answer.records.map((strings) => joinTxt(strings)));
    case "nxdomain":
      if (viaCname) {
        return {
          status: "dangling",
          record: null,
          diagnostics: [dkimDiagnostic("cname-dangling", `the selector is a CNAME to ${target}, which does not exist`)],
        };
      }
      return {
        status: "missing",
        record: null,
        diagnostics: [dkimDiagnostic("key-not-found", `${answer.name} does not exist (NXDOMAIN)`)],
      };
    case "nodata":
      if (viaCname) {
        return {
          status: "dangling",
          record: null,
          diagnostics: [
            dkimDiagnostic("cname-target-no-key", `the selector is a CNAME to ${target}, which has no TXT record`),
          ],
        };
      }
      return {
        status: "missing",
        record: null,
        diagnostics: [dkimDiagnostic("key-not-found", `${answer.name} exists but has no TXT record (NODATA)`)],
      };
    default: {
      const detail = answer.detail === undefined ? "" : `: ${answer.detail}`;
      return {
        status: "temperror",
        record: null,
        diagnostics: [
          dkimDiagnostic("dns-temperror", `the TXT query for ${answer.name} failed (${answer.status}${detail})`),
        ],
      };
    }
  }
}

/** Builds a lookup result from an answer; shared by {@link lookupDkimKey} and selector discovery. */
export function keyLookupFromAnswer(
  selector: string,
  domain: string,
  answer: DnsAnswer<"TXT">,
  warnings: readonly DkimDiagnostic[] = [],
  providerOf?: (target: string) => string | undefined,
): DkimKeyLookup {
  const verdict = classify(answer);
  const usable = verdict.status === "ok" && verdict.record?.usable === true;
  const chain = [...answer.cnameChain];
  const target = chain[chain.length - 1];
  return {
    selector,
    domain,
    name: answer.name,
    status: verdict.status,
    usable,
    failure: usable ? "none" : verdict.status === "temperror" ? "temperror" : "permerror",
    record: verdict.record,
    cname: target === undefined ? null : { chain, target, provider: providerOfTarget(target, providerOf) },
    diagnostics: [...warnings, ...verdict.diagnostics],
    evidence: [evidenceOf(answer)],
  };
}

/**
 * Looks up the DKIM key of `selector` at `domain`: asks `<selector>._domainkey.<domain>` TXT once,
 * and returns the parsed key with the CNAME chain and the answer as evidence. Never throws: a
 * missing key, a dangling CNAME, several TXT records, a TXT that is not a key, a revoked or broken
 * key and a DNS failure (temperror, never "missing") each have their own `status`.
 */
export async function lookupDkimKey(
  selector: string,
  domain: string,
  options: LookupDkimKeyOptions,
): Promise<DkimKeyLookup> {
  const keyName = dkimKeyName(selector, domain);
  if (!keyName.ok) {
    return {
      selector,
      domain,
      name: `${selector}._domainkey.${domain}`,
      status: "invalid-name",
      usable: false,
      failure: "permerror",
      record: null,
      cname: null,
      diagnostics: [keyName.diagnostic],
      evidence: [],
    };
  }
  const answer = await resolveSafely(options.resolver, keyName.name, "TXT", { signal: options.signal });
  return keyLookupFromAnswer(keyName.selector, keyName.domain, answer, keyName.warnings, options.providerOf);
}
