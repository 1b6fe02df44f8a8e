/**
 * Reading SMTP TLS reports (RFC 8460 §4): JSON, leniently. A `policy-string` sent as a JSON
 * string holding an array (Microsoft) is decoded, a missing `policy-domain` is null, unknown
 * result types and free-text `failure-reason-code`s (Mail.ru) are kept as written.
 */
import { TextDecoder } from "node:util";
import { type ReportLimits, resolveLimits } from "./limits.ts";
import { ProblemList } from "./problems.ts";
import type { TlsFailureDetail, TlsParseResult, TlsPolicyResult, TlsReport } from "./tls-types.ts";

/** Policies and failure details kept per report (the rest are counted in a problem). */
const MAX_POLICIES = 10_000;
const MAX_FAILURES = 10_000;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/**
 * Parses one TLS report (RFC 8460 JSON, already decompressed). Never throws: a refused input
 * comes back as `{ ok: false, error }`.
 */
export function parseTlsReport(
  bytes: Uint8Array,
  options: { filename?: string; limits?: Partial<ReportLimits> } = {},
): TlsParseResult {
  const prefix = options.filename === undefined ? "" : `${options.filename}: `;
  const limits = resolveLimits(options.limits);
  if (bytes.byteLength === 0) return { ok: false, error: { reason: "empty", message: `${prefix}the input is empty` } };
  if (bytes.byteLength > limits.maxDocumentBytes)
    return {
      ok: false,
      error: { reason: "too-large", message: `${prefix}more than ${limits.maxDocumentBytes} bytes (maxDocumentBytes)` },
    };
  let data: Json;
  try {
    data = JSON.parse(new TextDecoder("utf-8").decode(bytes)) as Json;
  } catch (e) {
    return { ok: false, error: { reason: "bad-json", message: `${prefix}not JSON: ${(e as Error).message}` } };
  }
  if (!isObject(data) || !Array.isArray(data.policies))
    return {
      ok: false,
      error: { reason: "not-a-report", message: `${prefix}no "policies" array: not an RFC 8460 TLS report` },
    };
  const problems = new ProblemList();
  const range = isObject(data["date-range"]) ? data["date-range"] : {};
  const begin = isoTime(range["start-datetime"]);
  const end = isoTime(range["end-datetime"]);
  const reportId = str(data["report-id"]);
  const missing = [
    reportId === null ? "report-id" : "",
    begin === null ? "date-range/start-datetime" : "",
    end === null ? "date-range/end-datetime" : "",
  ].filter((m) => m !== "");
  if (missing.length > 0 || reportId === null || begin === null || end === null)
    return {
      ok: false,
      error: { reason: "missing-field", message: `${prefix}the report lacks ${missing.join(", ")}` },
    };
  let organizationName = str(data["organization-name"]);
  const contactInfo = str(data["contact-info"]);
  if (organizationName === null) {
    organizationName = contactInfo?.split("@").pop() ?? "";
    problems.add("org-name-from-email", `no "organization-name": "${organizationName}" is used`);
  }
  const policies: TlsPolicyResult[] = [];
  for (const entry of data.policies.slice(0, MAX_POLICIES)) {
    if (isObject(entry)) policies.push(readPolicy(entry, problems));
    else problems.add("record-skipped", "a policies entry is not an object");
  }
  if (data.policies.length > MAX_POLICIES)
    problems.add("record-skipped", `${data.policies.length - MAX_POLICIES} policies beyond ${MAX_POLICIES} skipped`);
  const report: TlsReport = { organizationName, contactInfo, reportId, begin, end, policies };
  return { ok: true, report, problems: problems.list() };
}

function readPolicy(entry: JsonObject, problems: ProblemList): TlsPolicyResult {
  const policy = isObject(entry.policy) ? entry.policy : {};
  const summary = isObject(entry.summary) ? entry.summary : {};
  const details = Array.isArray(entry["failure-details"]) ? entry["failure-details"] : [];
  const failures: TlsFailureDetail[] = [];
  const sessionsByResultType: Record<string, number> = {};
  for (const d of details.slice(0, MAX_FAILURES)) {
    if (!isObject(d)) continue;
    const failure: TlsFailureDetail = {
      resultType: str(d["result-type"])?.toLowerCase() ?? "unknown",
      sendingMtaIp: str(d["sending-mta-ip"]),
      receivingMxHostname: str(d["receiving-mx-hostname"]),
      receivingMxHelo: str(d["receiving-mx-helo"]),
      receivingIp: str(d["receiving-ip"]),
      failedSessionCount: count(d["failed-session-count"]),
      additionalInformation: str(d["additional-information"]),
      failureReasonCode: str(d["failure-reason-code"]),
    };
    failures.push(failure);
    sessionsByResultType[failure.resultType] =
      (sessionsByResultType[failure.resultType] ?? 0) + failure.failedSessionCount;
  }
  if (details.length > MAX_FAILURES) problems.add("record-skipped", `failure details beyond ${MAX_FAILURES} skipped`);
  const policyDomain = str(policy["policy-domain"])?.toLowerCase().replace(/\.$/, "") ?? null;
  if (policyDomain === null) problems.add("invalid-value", 'a policy has no "policy-domain"');
  return {
    policyType: str(policy["policy-type"])?.toLowerCase() ?? "unknown",
    policyString: strings(policy["policy-string"]),
    policyDomain,
    mxHost: strings(policy["mx-host"]),
    successfulSessions: count(summary["total-successful-session-count"]),
    failedSessions: count(summary["total-failure-session-count"]),
    sessionsByResultType,
    failures,
  };
}

function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function str(v: Json | undefined): string | null {
  if (typeof v === "number") return String(v);
  if (typeof v !== "string") return null;
  const t = v.trim();
  return t === "" ? null : t;
}

function count(v: Json | undefined): number {
  const n = typeof v === "string" ? Number(v) : v;
  return typeof n === "number" && Number.isSafeInteger(n) && n >= 0 ? n : 0;
}

/** A list of strings: an array, a single string, or a string holding a JSON array (Microsoft). */
function strings(v: Json | undefined): string[] {
  if (Array.isArray(v)) return v.filter((s): s is string => typeof s === "string");
  if (typeof v !== "string") return [];
  const t = v.trim();
  if (t.startsWith("[")) {
    try {
      const inner = JSON.parse(t) as Json;
      if (Array.isArray(inner)) return inner.filter((s): s is string => typeof s === "string");
    } catch {
      // not JSON: the string itself
    }
  }
  return t === "" ? [] : [t];
}

function isoTime(v: Json | undefined): string | null {
  if (typeof v !== "string") return null;
  const ms = Date.parse(v.trim());
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}
