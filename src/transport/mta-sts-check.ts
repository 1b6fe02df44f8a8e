/**
 * The whole MTA-STS check of a domain (RFC 8461): the `_mta-sts` TXT record, the policy fetched from
 * `https://mta-sts.<domain>/.well-known/mta-sts.txt`, and every MX host matched against its `mx`
 * patterns. DNS only through the Resolver (resolveSafely); a failed lookup is `unknown`, never
 * "no MTA-STS".
 */
import type { Resolver } from "../dns/types.ts";
import { diagnostic, rfc } from "./diagnostic.ts";
import { ask } from "./dns-evidence.ts";
import { type FetchOptions, type FetchResult, fetchResource, mediaType } from "./fetch-resource.ts";
import { type MxMatchResult, matchMxHosts } from "./mta-sts-match.ts";
import { MAX_POLICY_BYTES, type MtaStsMode, type MtaStsPolicyParse, parseMtaStsPolicy } from "./mta-sts-policy.ts";
import { type MtaStsRecordParse, parseMtaStsRecord } from "./mta-sts-record.ts";
import { givenMx, lookupMx, type MxLookup } from "./mx.ts";
import { selectTxt } from "./txt-select.ts";
import type { DnsEvidence, RecordOutcome, TransportDiagnostic } from "./types.ts";

/** Options of {@link checkMtaSts}. */
export interface MtaStsCheckOptions extends FetchOptions {
  resolver: Resolver;
  /** MX hosts already known (skips the MX lookup). */
  mxHosts?: readonly string[];
  /** Do not fetch the policy (DNS only). */
  skipFetch?: boolean;
}

/** The `_mta-sts` record part of the check. */
export interface MtaStsRecordResult {
  /** `_mta-sts.<domain>`. */
  name: string;
  outcome: RecordOutcome;
  dns: DnsEvidence;
  /** Every TXT record at the name (joined). */
  txt: string[];
  /** The records that begin with `v=STSv1` (those senders use). */
  records: string[];
  /** Records that nearly begin with `v=STSv1` and that senders discard. */
  nearMisses: string[];
  /** The single record (or the first near miss) parsed. */
  parse?: MtaStsRecordParse;
  /** The policy id, when the record is valid. */
  id?: string;
}

/** The policy part of the check. */
export interface MtaStsPolicyResult {
  fetch: FetchResult;
  /** The body parsed, whenever a 200 body was read (even with the wrong content type). */
  parse?: MtaStsPolicyParse;
}

/** The MX part of the check. */
export interface MtaStsMxResult extends MxLookup {
  /** Present when a policy with patterns was parsed and the MX hosts are known. */
  coverage?: MxMatchResult;
}

/** What {@link checkMtaSts} returns. */
export interface MtaStsCheck {
  domain: string;
  /**
   * - `absent`: no `_mta-sts` record (a definite DNS answer);
   * - `unknown`: a DNS failure (the record, or the policy host's addresses): we could not tell;
   * - `invalid`: several records, a record with errors, or a policy with errors;
   * - `unreachable`: a valid record, but the policy could not be fetched as RFC 8461 §3.3 requires
   *   (see `policy.fetch.failure`);
   * - `valid`: a valid record and a valid policy (with `skipFetch`, a valid record: the policy is not judged).
   */
  status: "absent" | "unknown" | "invalid" | "unreachable" | "valid";
  /** The policy mode when `status` is `valid`. */
  mode?: MtaStsMode;
  record: MtaStsRecordResult;
  policy?: MtaStsPolicyResult;
  mx: MtaStsMxResult;
  /** Every diagnostic: the record's, the fetch's, the policy's and the MX coverage's. */
  diagnostics: TransportDiagnostic[];
}

const FETCH_REF = rfc(8461, "3.3");

function fetchDiagnostic(fetch: FetchResult): TransportDiagnostic | undefined {
  if (fetch.outcome === "ok") return undefined;
  if (fetch.outcome === "unknown")
    return diagnostic(
      fetch.failure === "unavailable" ? "mta-sts-policy-unavailable" : "mta-sts-policy-host-unknown",
      "warning",
      fetch.detail,
      [FETCH_REF],
      { name: fetch.host },
    );
  const code = `mta-sts-policy-${fetch.failure ?? "fetch"}`;
  const refs = fetch.failure === "certificate" ? [FETCH_REF, rfc(6125, "6")] : [FETCH_REF];
  return diagnostic(code, "error", `${fetch.url}: ${fetch.detail}`, refs, { name: fetch.host });
}

function recordPart(name: string, answer: Parameters<typeof selectTxt>[0], dns: DnsEvidence): MtaStsRecordResult {
  const sel = selectTxt(answer, "STSv1");
  const base = { name, dns, txt: sel.txt, records: sel.records, nearMisses: sel.nearMisses };
  if (sel.lookup === "unknown") return { ...base, outcome: "unknown" };
  if (sel.records.length > 1) return { ...base, outcome: "multiple" };
  const text = sel.records[0] ?? sel.nearMisses[0];
  if (text === undefined) return { ...base, outcome: "absent" };
  const parse = parseMtaStsRecord(text);
  const result: MtaStsRecordResult = {
    ...base,
    outcome: sel.records.length === 1 && parse.valid ? "valid" : "invalid",
    parse,
  };
  if (result.outcome === "valid" && parse.id !== undefined) result.id = parse.id;
  return result;
}

function recordDiagnostics(record: MtaStsRecordResult): TransportDiagnostic[] {
  const ref = rfc(8461, "3.1");
  const out: TransportDiagnostic[] = [];
  if (record.outcome === "unknown") {
    out.push(
      diagnostic(
        "mta-sts-record-unknown",
        "warning",
        `could not look up ${record.name}: ${record.dns.status}${record.dns.detail ? ` (${record.dns.detail})` : ""}`,
        [ref],
        {
          name: record.name,
        },
      ),
    );
  }
  if (record.outcome === "multiple") {
    out.push(
      diagnostic(
        "mta-sts-record-multiple",
        "error",
        `${record.records.length} records begin with "v=STSv1": senders then assume there is no policy`,
        [ref],
        {
          name: record.name,
        },
      ),
    );
  }
  if (record.nearMisses.length > 0) {
    out.push(
      diagnostic(
        "mta-sts-record-discarded",
        "error",
        `senders discard records that do not begin exactly with "v=STSv1;": ${record.nearMisses.map((t) => JSON.stringify(t.slice(0, 60))).join(", ")}`,
        [ref],
        { name: record.name },
      ),
    );
  }
  for (const d of record.parse?.diagnostics ?? []) out.push({ ...d, name: record.name });
  return out;
}

function coverageDiagnostics(
  domain: string,
  mode: MtaStsMode | null,
  coverage: MtaStsMxResult["coverage"],
): TransportDiagnostic[] {
  if (!coverage || mode === null) return [];
  const ref = rfc(8461, "4.1");
  const out: TransportDiagnostic[] = [];
  for (const host of coverage.uncovered) {
    const severity = mode === "enforce" ? "error" : mode === "testing" ? "warning" : "info";
    const effect =
      mode === "enforce"
        ? "senders that apply the policy will not deliver to it"
        : mode === "testing"
          ? "senders report failures for it"
          : "mode none: no effect";
    out.push(
      diagnostic(
        "mta-sts-mx-uncovered",
        severity,
        `MX ${host} matches no "mx" pattern of the policy (${effect})`,
        [ref, rfc(8461, "5.1")],
        { name: host, field: "mx" },
      ),
    );
  }
  for (const pattern of coverage.unusedPatterns) {
    out.push(
      diagnostic(
        "mta-sts-mx-pattern-unused",
        "warning",
        `pattern "${pattern}" matches no MX host of ${domain}`,
        [ref],
        { name: domain, field: "mx" },
      ),
    );
  }
  return out;
}

/**
 * Checks the MTA-STS deployment of `domain`. Never throws. The policy is fetched when a record
 * (or a near miss) exists; the MX hosts are matched when the policy has patterns.
 */
export async function checkMtaSts(domain: string, options: MtaStsCheckOptions): Promise<MtaStsCheck> {
  const d = domain.toLowerCase().replace(/\.$/, "");
  const signal = options.signal ? { signal: options.signal } : undefined;
  const name = `_mta-sts.${d}`;
  const [{ answer, evidence }, mxLookup] = await Promise.all([
    ask(options.resolver, name, "TXT", signal),
    options.mxHosts ? Promise.resolve(givenMx(options.mxHosts)) : lookupMx(options.resolver, d, options.signal),
  ]);
  const record = recordPart(name, answer, evidence);
  const diagnostics = recordDiagnostics(record);
  const mx: MtaStsMxResult = { ...mxLookup };
  const check: MtaStsCheck = { domain: d, status: "absent", record, mx, diagnostics };
  if (record.outcome === "absent") return check;
  if (!options.skipFetch) {
    const fetch = await fetchResource(options.resolver, `mta-sts.${d}`, "/.well-known/mta-sts.txt", MAX_POLICY_BYTES, {
      ...options,
      accept: "text/plain",
    });
    const policy: MtaStsPolicyResult = { fetch };
    if (fetch.outcome === "ok") {
      const type = mediaType(fetch.contentType);
      if (type !== "text/plain") {
        fetch.outcome = "failed";
        fetch.failure = "content-type";
        fetch.detail = `Content-Type is ${fetch.contentType === undefined ? "missing" : JSON.stringify(fetch.contentType)}, not text/plain`;
      }
      policy.parse = parseMtaStsPolicy(fetch.body ?? "");
    }
    const fd = fetchDiagnostic(fetch);
    if (fd) diagnostics.push(fd);
    for (const pd of policy.parse?.diagnostics ?? []) diagnostics.push({ ...pd, name: fetch.host });
    check.policy = policy;
    const parsed = policy.parse?.policy;
    if (parsed && parsed.mx.length > 0 && (mx.status === "ok" || mx.status === "given")) {
      mx.coverage = matchMxHosts(mx.hosts, parsed.mx);
      diagnostics.push(...coverageDiagnostics(d, parsed.mode, mx.coverage));
    }
  }
  check.status = overallStatus(check);
  if (check.status === "valid" && check.policy?.parse?.policy.mode) check.mode = check.policy.parse.policy.mode;
  return check;
}

function overallStatus(check: MtaStsCheck): MtaStsCheck["status"] {
  const outcome = check.record.outcome;
  if (outcome === "unknown") return "unknown";
  if (outcome === "absent") return "absent";
  if (outcome === "multiple" || outcome === "invalid") return "invalid";
  const fetch = check.policy?.fetch;
  if (fetch === undefined) return "valid";
  if (fetch.outcome === "unknown") return "unknown";
  if (fetch.outcome === "failed") return "unreachable";
  return check.policy?.parse?.valid ? "valid" : "invalid";
}
