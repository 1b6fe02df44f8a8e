/**
 * What each sending path's SPF, DKIM and DMARC columns say, and why, in words shared by every
 * format. A column is PASS only when that identifier passes *and* aligns with the From domain,
 * because only then does it count for DMARC (RFC 9989 §4.4; RFC 7489 §3.1).
 */
import type { PathVerdict } from "../verdicts/types.ts";

/**
 * One column of a path: does it count for DMARC, and a short label (`PASS`, `FAIL (unaligned)`,
 * `UNKNOWN (temperror)`). `unknown` columns are never labelled FAIL: the audit could not tell.
 */
export interface Column {
  ok: boolean;
  /** The audit could not tell whether it counts. */
  unknown: boolean;
  label: string;
}

/** The tone a column is shown in: green when it counts, amber when unknown, red when it does not. */
export function columnTone(c: Column): "ok" | "warn" | "bad" {
  return c.ok ? "ok" : c.unknown ? "warn" : "bad";
}

const pass = (label = "PASS"): Column => ({ ok: true, unknown: false, label });
const fail = (why: string): Column => ({ ok: false, unknown: false, label: `FAIL (${why})` });
const unknown = (why: string): Column => ({ ok: false, unknown: true, label: `UNKNOWN (${why})` });

/** SPF counts when the result is `pass` and the MAIL FROM domain aligns. */
export function spfColumn(path: PathVerdict): Column {
  const { result, aligned } = path.spf;
  if (result === "unknown") return unknown("no egress addresses known");
  if (result === "temperror") return unknown("temperror");
  if (result !== "pass") return fail(result);
  return aligned === "unknown" ? unknown("alignment") : aligned ? pass() : fail("unaligned");
}

const DKIM_RANK: Record<string, number> = { temperror: 0, permerror: 1, fail: 2, neutral: 3, none: 4, pass: 5 };

/** DKIM counts when at least one signature passes with an aligned `d=`. */
export function dkimColumn(path: PathVerdict): Column {
  if (path.dkim.some((d) => d.result === "pass" && d.aligned === true)) return pass();
  if (path.dkim.length === 0) return fail("no signature");
  if (path.dkim.some((d) => d.result === "unknown")) return unknown("selector not given");
  if (path.dkim.some((d) => d.result === "temperror")) return unknown("temperror");
  if (path.dkim.some((d) => d.result === "pass" && d.aligned === "unknown")) return unknown("alignment");
  if (path.dkim.some((d) => d.result === "pass")) return fail("unaligned");
  const worst = [...path.dkim].sort((a, b) => (DKIM_RANK[a.result] ?? 0) - (DKIM_RANK[b.result] ?? 0))[0];
  return fail(worst?.result ?? "none");
}

/** DMARC: the result and the policy that applies. */
export function dmarcColumn(path: PathVerdict): Column {
  const policy = path.dmarc.policy ? ` p=${path.dmarc.policy.p}` : " no policy";
  if (path.dmarc.result === "pass") return pass(`PASS${policy}`);
  if (path.dmarc.result === "temperror") return { ...unknown("temperror"), label: `UNKNOWN (temperror)${policy}` };
  return { ok: false, unknown: false, label: `FAIL (${path.dmarc.result})${policy}` };
}

/** How a path leaves the organisation, in words: `smart host edge-relay`, `SendGrid (Twilio) (sg)`. */
export function viaLabel(path: PathVerdict): string {
  const { via } = path;
  if (via.kind === "smartHost") return `smart host ${via.id ?? "?"}`;
  if (via.kind === "direct") return via.id ? `direct (${via.id})` : "direct";
  const name = via.name ?? via.catalog ?? "provider";
  return via.id && via.id !== name ? `${name} (${via.id})` : name;
}

/** Why SPF does not count, or undefined when it does. */
export function spfReason(path: PathVerdict): string | undefined {
  const { spf } = path;
  if (spf.result === "unknown")
    return `SPF unknown for ${spf.domain}: ${spf.reason ?? "the egress addresses are not known"}`;
  if (spf.result === "pass") {
    if (spf.aligned === "unknown")
      return `the alignment of ${spf.domain} with ${path.fromDomain} could not be determined`;
    return spf.aligned ? undefined : `SPF passes for ${spf.domain}, which does not align with ${path.fromDomain}`;
  }
  const failing = spf.ips.filter((ip) => ip.result === spf.result);
  const ips = failing.map((ip) => ip.ip).join(", ");
  const matched = failing[0]?.matched;
  const why = matched ? ` (matched ${matched.term} in ${matched.domain})` : "";
  return `SPF ${spf.result} for ${spf.domain}${ips ? ` from ${ips}` : ""}${why}`;
}

/** Why DKIM does not count, or undefined when it does. */
export function dkimReason(path: PathVerdict): string | undefined {
  if (dkimColumn(path).ok) return undefined;
  if (path.dkim.length === 0) return "no DKIM signature";
  return path.dkim
    .map((d) => {
      const key = `${d.selector}._domainkey.${d.domain}`;
      if (d.result === "pass" && d.aligned === "unknown")
        return `the alignment of DKIM d=${d.domain} with ${path.fromDomain} could not be determined`;
      if (d.result === "pass") return `DKIM d=${d.domain} passes but does not align with ${path.fromDomain}`;
      return `DKIM ${key} ${d.result}${d.reason ? `: ${d.reason}` : ""}`;
    })
    .join("; ");
}

/** One sentence: why the path passes, is fragile, or fails. */
export function pathReason(path: PathVerdict): string {
  if (path.verdict === "unknown")
    return `Cannot tell: ${(path.open ?? ["a fact could not be established"]).join("; ")}`;
  const spf = spfReason(path);
  const dkim = dkimReason(path);
  if (path.dmarc.result !== "pass") {
    const causes = [spf, dkim].filter((x): x is string => x !== undefined);
    const dmarcWhy = path.dmarc.result === "fail" ? "" : ` (${path.dmarc.result})`;
    return `DMARC fails${dmarcWhy}${causes.length > 0 ? `: ${causes.join("; ")}` : ""}`;
  }
  const risk = path.spf.risks !== undefined ? ` (SPF at risk: ${path.spf.risks.join("; ")})` : "";
  if (spf === undefined && dkim === undefined) return `SPF and DKIM both aligned${risk}`;
  if (spf !== undefined && dkim === undefined) return `DMARC passes through DKIM only: ${spf}`;
  if (dkim !== undefined && spf === undefined) return `DMARC passes through SPF only: ${dkim}`;
  return `DMARC passes: ${[spf, dkim].join("; ")}`;
}
