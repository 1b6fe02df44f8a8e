/**
 * Where each leaf element of an aggregate report goes, by its parent's name (RFC 7489 Appendix C;
 * RFC 9990 §3). Paths are relative to `<feedback>`, so a wrapper does not matter, and element
 * order does not either. Unknown elements (extensions, `fo`, `human_result`...) are skipped.
 */
import { isIP } from "node:net";
import type { HeaderDraft } from "./aggregate-header.ts";
import type { RecordDraft } from "./aggregate-reader.ts";
import { domainName, ENUMS, enumValue, isoDate, nonNegativeInteger, text } from "./aggregate-values.ts";
import type { ProblemList } from "./problems.ts";

/** Reads one leaf: `parent`/`name` with its text. */
export function readLeaf(
  header: HeaderDraft,
  draft: RecordDraft | undefined,
  parent: string,
  grandparent: string,
  name: string,
  rel: number,
  value: string,
  problems: ProblemList,
): void {
  if (rel === 1) {
    if (name === "version") header.version = text(value);
    return;
  }
  if (draft !== undefined && rel >= 3) {
    readRecordLeaf(draft, parent, grandparent, name, value, problems);
    return;
  }
  if (parent === "report_metadata" && rel === 2) readMetadata(header, name, value);
  else if (parent === "date_range" && grandparent === "report_metadata") readDate(header, name, value, problems);
  else if (parent === "policy_published" && rel === 2) readPolicy(header, name, value, problems);
}

function readMetadata(header: HeaderDraft, name: string, value: string): void {
  switch (name) {
    case "org_name":
      header.orgName = text(value);
      return;
    case "email":
      header.email = text(value);
      return;
    case "report_id":
      header.reportId = text(value);
      return;
    case "generator":
      header.elements9990 = true;
      return;
  }
}

function readDate(header: HeaderDraft, name: string, value: string, problems: ProblemList): void {
  if (name !== "begin" && name !== "end") return;
  const iso = isoDate(value);
  if (iso === undefined) {
    problems.add("invalid-value", `<date_range><${name}> is not a time: ${clip(value)}`);
    return;
  }
  header[name] = iso;
}

function readPolicy(header: HeaderDraft, name: string, value: string, problems: ProblemList): void {
  const policy = header.policy;
  switch (name) {
    case "domain":
      policy.domain = domainName(value) ?? "";
      return;
    case "p":
    case "sp":
    case "np":
      if (name === "np") header.elements9990 = true;
      policy[name] = checked(value, ENUMS.policy, `<policy_published><${name}>`, problems);
      return;
    case "adkim":
    case "aspf":
      policy[name] = checked(value, ENUMS.alignment, `<policy_published><${name}>`, problems);
      return;
    case "pct": {
      const pct = nonNegativeInteger(value);
      if (pct === undefined && value.trim() !== "")
        problems.add("invalid-value", `<pct> is not a number: ${clip(value)}`);
      policy.pct = pct ?? null;
      return;
    }
    case "testing":
      header.elements9990 = true;
      policy.t = checked(value, ENUMS.testing, "<policy_published><testing>", problems);
      return;
    case "discovery_method":
      header.elements9990 = true;
      policy.discoveryMethod = checked(value, ENUMS.discovery, "<policy_published><discovery_method>", problems);
      return;
  }
}

function readRecordLeaf(
  draft: RecordDraft,
  parent: string,
  grandparent: string,
  name: string,
  value: string,
  problems: ProblemList,
): void {
  const r = draft.record;
  switch (parent) {
    case "row":
      if (name === "source_ip") {
        const ip = value.trim().toLowerCase();
        if (ip !== "" && isIP(ip) === 0) problems.add("invalid-value", `<source_ip> is not an IP address: ${clip(ip)}`);
        r.sourceIp = ip;
      } else if (name === "count") {
        const count = nonNegativeInteger(value);
        if (count === undefined) draft.skip = `<count> is not a number: ${clip(value)}`;
        else r.count = count;
      } else if (name === "header_from") r.headerFrom = domainName(value); // pre-RFC drafts
      return;
    case "policy_evaluated":
      if (name === "disposition") r.disposition = checked(value, ENUMS.disposition, "<disposition>", problems);
      else if (name === "dkim") r.dkim = checked(value, ENUMS.evaluated, "<policy_evaluated><dkim>", problems);
      else if (name === "spf") r.spf = checked(value, ENUMS.evaluated, "<policy_evaluated><spf>", problems);
      return;
    case "reason": {
      const reason = r.reasons[r.reasons.length - 1];
      if (reason === undefined || grandparent !== "policy_evaluated") return;
      if (name === "type") reason.type = text(value)?.toLowerCase() ?? null;
      else if (name === "comment") reason.comment = text(value);
      return;
    }
    case "identifiers":
    case "identities": // pre-RFC drafts
      if (name === "header_from") r.headerFrom = domainName(value);
      else if (name === "envelope_from") r.envelopeFrom = domainName(value);
      else if (name === "envelope_to") r.envelopeTo = domainName(value);
      return;
    case "dkim": {
      const dkim = r.authResults.dkim[r.authResults.dkim.length - 1];
      if (dkim === undefined || grandparent !== "auth_results") return;
      if (name === "domain") dkim.domain = domainName(value) ?? "";
      else if (name === "selector") dkim.selector = text(value);
      else if (name === "result")
        dkim.result = checked(value, ENUMS.dkimResult, "<auth_results><dkim><result>", problems);
      return;
    }
    case "spf": {
      const spf = r.authResults.spf[r.authResults.spf.length - 1];
      if (spf === undefined || grandparent !== "auth_results") return;
      if (name === "domain") spf.domain = domainName(value) ?? "";
      else if (name === "scope") spf.scope = checked(value, ENUMS.spfScope, "<auth_results><spf><scope>", problems);
      else if (name === "result") spf.result = checked(value, ENUMS.spfResult, "<auth_results><spf><result>", problems);
      return;
    }
  }
}

/** An enumeration value, or null with a problem when it is not one of `allowed`. */
function checked<T extends string>(
  value: string,
  allowed: readonly T[],
  where: string,
  problems: ProblemList,
): T | null {
  const v = enumValue(value, allowed);
  if (v !== undefined) return v;
  problems.add("unknown-value", `${where} has an unknown value: ${clip(value)}`);
  return null;
}

function clip(value: string): string {
  const t = value.trim();
  return JSON.stringify(t.length > 60 ? `${t.slice(0, 60)}…` : t);
}
