/**
 * The BIMI check of a domain: the assertion record at `<selector>._bimi.<domain>` (falling back to
 * the Organizational Domain, BIMI draft §4.3), the SVG logo fetched over HTTPS (no redirects, at
 * most 32 KB) and checked against SVG Tiny PS, and the DMARC policy BIMI requires. The evidence
 * document (`a=`, a VMC) is reported, not fetched.
 */
import type { Resolver } from "../dns/types.ts";
import { type BimiDmarcInput, type BimiDmarcResult, bimiDmarcRequirement } from "./bimi-dmarc.ts";
import { BIMI_DRAFT, type BimiRecordParse, parseBimiRecord } from "./bimi-record.ts";
import { diagnostic, doc, hasErrors } from "./diagnostic.ts";
import { ask } from "./dns-evidence.ts";
import { type FetchOptions, type FetchResult, fetchResource, mediaType } from "./fetch-resource.ts";
import { checkSvgTinyPs, MAX_SVG_BYTES, type SvgTinyPsCheck } from "./svg-tiny-ps.ts";
import { selectTxt } from "./txt-select.ts";
import type { DnsEvidence, TransportDiagnostic } from "./types.ts";

/** Options of {@link checkBimi}. */
export interface BimiCheckOptions extends FetchOptions {
  resolver: Resolver;
  /** Default `default`. */
  selector?: string;
  /** The Organizational Domain, for the fallback lookup (from DMARC discovery). */
  orgDomain?: string;
  /** The DMARC result of the domain (or its policy values); without it the requirement is `unknown`. */
  dmarc?: BimiDmarcInput;
  /** Do not fetch the logo. */
  skipFetch?: boolean;
}

/** One record lookup. */
export interface BimiLookup {
  name: string;
  dns: DnsEvidence;
  /** The records that begin with `v=BIMI1`. */
  records: string[];
}

/** What {@link checkBimi} returns. */
export interface BimiCheck {
  domain: string;
  selector: string;
  /** The lookups made: the domain's, then the Organizational Domain's when the first found nothing. */
  lookups: BimiLookup[];
  /** Where the record applied was found. */
  recordName?: string;
  /**
   * - `absent`: no BIMI record (definite);
   * - `unknown`: a lookup failed;
   * - `declined`: a record with empty `l=` and `a=` (BIMI draft §4.2);
   * - `invalid`: several records, a record with errors, a logo that fails (fetch or SVG Tiny PS), or
   *   DMARC short of enforcement;
   * - `valid`: a valid record, its logo fetched and conforming, DMARC at enforcement (when given).
   */
  status: "absent" | "unknown" | "declined" | "invalid" | "valid";
  record?: { text: string; parse: BimiRecordParse };
  logo?: { fetch: FetchResult; svg?: SvgTinyPsCheck };
  dmarc: BimiDmarcResult;
  diagnostics: TransportDiagnostic[];
}

const REF = doc(BIMI_DRAFT, "4.3");

async function lookup(
  resolver: Resolver,
  name: string,
  signal?: AbortSignal,
): Promise<BimiLookup & { unknown: boolean; nearMisses: string[] }> {
  const { answer, evidence } = await ask(resolver, name, "TXT", signal ? { signal } : undefined);
  const sel = selectTxt(answer, "BIMI1");
  return { name, dns: evidence, records: sel.records, unknown: sel.lookup === "unknown", nearMisses: sel.nearMisses };
}

/** Checks the BIMI deployment of `domain`. Never throws. */
export async function checkBimi(domain: string, options: BimiCheckOptions): Promise<BimiCheck> {
  const d = domain.toLowerCase().replace(/\.$/, "");
  const selector = (options.selector ?? "default").toLowerCase();
  const dmarc = bimiDmarcRequirement(options.dmarc);
  const check: BimiCheck = { domain: d, selector, lookups: [], status: "absent", dmarc, diagnostics: [] };
  const first = await lookup(options.resolver, `${selector}._bimi.${d}`, options.signal);
  const { unknown: _u1, nearMisses: _n1, ...firstLookup } = first;
  check.lookups.push(firstLookup);
  let found = first;
  const org = options.orgDomain?.toLowerCase().replace(/\.$/, "");
  if (!first.unknown && first.records.length === 0 && first.nearMisses.length === 0 && org && org !== d) {
    const second = await lookup(options.resolver, `${selector}._bimi.${org}`, options.signal);
    const { unknown: _u2, nearMisses: _n2, ...secondLookup } = second;
    check.lookups.push(secondLookup);
    found = second;
  }
  if (found.unknown) {
    check.status = "unknown";
    check.diagnostics.push(
      diagnostic(
        "bimi-record-unknown",
        "warning",
        `could not look up ${found.name}: ${found.dns.status}${found.dns.detail ? ` (${found.dns.detail})` : ""}`,
        [REF],
        { name: found.name },
      ),
    );
    return check;
  }
  if (found.records.length > 1) {
    check.status = "invalid";
    check.recordName = found.name;
    check.diagnostics.push(
      diagnostic(
        "bimi-record-multiple",
        "error",
        `${found.records.length} BIMI records at ${found.name}: receivers use none`,
        [REF],
        { name: found.name },
      ),
    );
    return check;
  }
  const text = found.records[0] ?? found.nearMisses[0];
  if (text === undefined) return check;
  check.recordName = found.name;
  const parse = parseBimiRecord(text);
  check.record = { text, parse };
  for (const dg of parse.diagnostics) check.diagnostics.push({ ...dg, name: found.name });
  if (parse.declined) {
    check.status = "declined";
    return check;
  }
  if (parse.location !== undefined && !options.skipFetch) {
    check.logo = await fetchLogo(parse.location, options);
    if (check.logo.fetch.outcome !== "ok" && check.logo.fetch.outcome !== "unknown")
      check.diagnostics.push(
        diagnostic(
          `bimi-logo-${check.logo.fetch.failure ?? "fetch"}`,
          "error",
          `${parse.location}: ${check.logo.fetch.detail}`,
          [REF],
          { name: check.logo.fetch.host },
        ),
      );
    for (const dg of check.logo.svg?.diagnostics ?? []) check.diagnostics.push({ ...dg, name: check.logo.fetch.host });
  }
  check.diagnostics.push(...dmarc.diagnostics);
  check.status = hasErrors(check.diagnostics)
    ? "invalid"
    : check.logo?.fetch.outcome === "unknown"
      ? "unknown"
      : "valid";
  return check;
}

async function fetchLogo(location: string, options: BimiCheckOptions): Promise<NonNullable<BimiCheck["logo"]>> {
  const url = new URL(location);
  const fetch = await fetchResource(options.resolver, url.hostname, `${url.pathname}${url.search}`, MAX_SVG_BYTES, {
    ...options,
    ...(url.port ? { port: Number(url.port) } : {}),
    accept: "image/svg+xml",
  });
  const logo: NonNullable<BimiCheck["logo"]> = { fetch };
  if (fetch.outcome !== "ok") return logo;
  const type = mediaType(fetch.contentType);
  logo.svg = checkSvgTinyPs(fetch.body ?? "");
  if (type !== "image/svg+xml")
    logo.svg.diagnostics.unshift(
      diagnostic(
        "bimi-logo-content-type",
        "warning",
        `Content-Type is ${fetch.contentType === undefined ? "missing" : JSON.stringify(fetch.contentType)}, not image/svg+xml`,
        [REF],
      ),
    );
  return logo;
}
