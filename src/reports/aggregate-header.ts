/**
 * The report header (`version`, `report_metadata`, `policy_published`) as it is read, and the
 * checks that turn it into an `AggregateReportHeader` once the document ends.
 */
import { emailDomain } from "./aggregate-values.ts";
import type { ProblemList } from "./problems.ts";
import type { AggregateReportHeader, AggregateSchema, PublishedPolicy, RefusalError } from "./types.ts";

/** Fields collected while reading; null until their element is seen. */
export interface HeaderDraft {
  version: string | null;
  orgName: string | null;
  email: string | null;
  reportId: string | null;
  begin: string | null;
  end: string | null;
  policy: PublishedPolicy;
  /** The RFC 9990 namespace was declared on `<feedback>` or a wrapper. */
  namespace9990: boolean;
  /** An element only RFC 9990 has was seen (`np`, `testing`, `discovery_method`, `generator`). */
  elements9990: boolean;
}

export function emptyHeaderDraft(): HeaderDraft {
  return {
    version: null,
    orgName: null,
    email: null,
    reportId: null,
    begin: null,
    end: null,
    policy: {
      domain: "",
      p: null,
      sp: null,
      np: null,
      adkim: null,
      aspf: null,
      pct: null,
      t: null,
      discoveryMethod: null,
    },
    namespace9990: false,
    elements9990: false,
  };
}

const DAY_MS = 24 * 3600 * 1000;

/**
 * Checks what a report cannot do without (report_id, date_range, the policy domain, a reporter
 * name) and fills what it can: an empty `org_name` becomes the domain of `email`, as parsedmarc does.
 */
export function finishHeader(
  draft: HeaderDraft,
  problems: ProblemList,
): { ok: true; header: AggregateReportHeader; schema: AggregateSchema } | { ok: false; error: RefusalError } {
  const missing: string[] = [];
  if (draft.reportId === null) missing.push("report_metadata/report_id");
  if (draft.begin === null) missing.push("report_metadata/date_range/begin");
  if (draft.end === null) missing.push("report_metadata/date_range/end");
  if (draft.policy.domain === "") missing.push("policy_published/domain");
  let orgName = draft.orgName;
  if (orgName === null) {
    const fallback = draft.email === null ? null : emailDomain(draft.email);
    if (fallback === null) missing.push("report_metadata/org_name (and no email domain to use instead)");
    else {
      orgName = fallback;
      problems.add("org-name-from-email", `empty <org_name>: the email domain ${fallback} is used`);
    }
  }
  if (missing.length > 0 || orgName === null || draft.reportId === null || draft.begin === null || draft.end === null)
    return {
      ok: false,
      error: { reason: "missing-field", message: `the report lacks ${missing.join(", ")}` },
    };
  if (draft.version === null) problems.add("missing-version", "no <version>: read as RFC 7489 or RFC 9990 by shape");
  const span = Date.parse(draft.end) - Date.parse(draft.begin);
  if (span > DAY_MS + 1000)
    problems.add("long-span", `the report spans ${(span / DAY_MS).toFixed(1)} days (RFC 7489 §7.2 asks for one day)`);
  return {
    ok: true,
    header: {
      version: draft.version,
      orgName,
      email: draft.email ?? "",
      reportId: draft.reportId,
      begin: draft.begin,
      end: draft.end,
      policy: draft.policy,
    },
    schema: draft.namespace9990 || draft.elements9990 ? "rfc9990" : "rfc7489",
  };
}
