/**
 * Report destination authorisation (RFC 7489 §7.1, RFC 9990 §3 "Verifying External
 * Destinations"): a `rua`/`ruf` destination outside the policy domain's Organizational Domain
 * receives reports only if it publishes `<policy-domain>._report._dmarc.<destination-host>` TXT
 * `v=DMARC1`. Wildcards (`*._report._dmarc.<host>`, RFC 4592) answer that question like any record.
 */

import { joinTxt } from "../dns/answer.ts";
import { nameProblem } from "../dns/names.ts";
import { pslOrgDomainOf } from "./align.ts";
import { diagnostic, ref } from "./diagnostic.ts";
import { normalizeDmarcDomain } from "./domain.ts";
import { DmarcQueries, isTempFailure } from "./lookup.ts";
import { type OrgLookup as Org, orgDomainFinder } from "./org-domain.ts";
import { parseDmarc } from "./parse.ts";
import type { DmarcDnsOptions, ReportDestination, ReportDestinationsResult } from "./results.ts";
import type { DmarcDiagnostic, DmarcParseResult, DmarcUri } from "./types.ts";

/** Most destinations checked per tag; RFC 7489 §6.2 requires receivers to support two. */
export const DEFAULT_MAX_DESTINATIONS = 10;

const REFS = [ref(9990, "3"), ref(7489, "7.1")];

/** Options of {@link checkReportDestinations}. */
export type ReportDestinationOptions = DmarcDnsOptions & { queries?: DmarcQueries; maxPerTag?: number };

async function authorise(
  dest: ReportDestination,
  policyDomain: string,
  host: string,
  queries: DmarcQueries,
  options: ReportDestinationOptions,
): Promise<void> {
  const name = `${policyDomain}._report._dmarc.${host}`;
  dest.queryName = name;
  const problem = nameProblem(name);
  if (problem !== undefined) {
    // RFC 9990 §3 step 4: "If the length of the constructed name exceed DNS limits, a positive
    // determination of the external reporting relationship cannot be made; stop."
    dest.status = "unauthorized";
    dest.reason = `${name} cannot be asked (${problem}), so the destination cannot be authorised`;
    return;
  }
  const answer = await queries.txt(name);
  const txt = answer.status === "ok" ? answer.records.map((s) => joinTxt(Array.isArray(s) ? s : [])) : [];
  dest.answer = { status: answer.status, txt, cnameChain: [...(answer.cnameChain ?? [])] };
  if (answer.detail !== undefined) dest.answer.detail = answer.detail;
  if (isTempFailure(answer.status)) {
    dest.status = "temperror";
    dest.reason = `${name}: ${answer.status}: we could not tell whether ${host} accepts reports for ${policyDomain}`;
    return;
  }
  // Steps 6-8: records whose first tag is v=DMARC1 authorise; others are discarded.
  const parsed = txt
    .map((t) => parseDmarc(t, { mode: options.mode ?? "strict", spec: options.method ?? "rfc9989" }))
    .filter((p) => p.isDmarc);
  if (parsed.length === 0) {
    dest.status = "unauthorized";
    dest.reason =
      txt.length > 0
        ? `${name} has TXT records but none starts with v=DMARC1`
        : `${name} does not exist (${answer.status}): ${host} has not agreed to receive reports for ${policyDomain}`;
    return;
  }
  dest.status = "authorized";
  dest.reason = `${name} publishes ${JSON.stringify(parsed[0]?.text)}`;
  const overrides = overridesFrom(parsed, dest.tag, host);
  if (overrides.length > 0) dest.overrides = overrides;
}

/** Step 9: a `rua`/`ruf` in the authorisation record replaces the destination if it keeps the same host. */
function overridesFrom(
  parsed: DmarcParseResult[],
  tag: "rua" | "ruf",
  host: string,
): Array<{ uri: DmarcUri; allowed: boolean }> {
  const out: Array<{ uri: DmarcUri; allowed: boolean }> = [];
  for (const p of parsed) {
    if (!p.tags.some((t) => t.name === tag)) continue;
    for (const uri of p.record?.[tag] ?? []) out.push({ uri, allowed: uri.host === host });
  }
  return out;
}

function destDiagnostics(d: ReportDestination, policyDomain: string): DmarcDiagnostic[] {
  const place = {
    tag: d.tag,
    start: d.uri.start,
    end: d.uri.end,
    ...(d.queryName === undefined ? {} : { name: d.queryName }),
  };
  const out: DmarcDiagnostic[] = [];
  if (d.status === "unauthorized") {
    out.push(
      diagnostic(
        "dmarc-report-destination-unauthorized",
        "warning",
        `${d.tag} destination ${d.uri.uri} is outside ${policyDomain}'s organisation and not authorised: ${d.reason}`,
        REFS,
        place,
      ),
    );
  } else if (d.status === "temperror") {
    out.push(diagnostic("dmarc-report-destination-temperror", "warning", d.reason, REFS, place));
  }
  for (const o of d.overrides ?? []) {
    if (!o.allowed) {
      out.push(
        diagnostic(
          "dmarc-report-override-host",
          "error",
          `override ${o.uri.uri} from ${d.queryName} uses another host than ${d.uri.host}; receivers must not use it`,
          REFS,
          place,
        ),
      );
    }
  }
  return out;
}

async function checkOne(
  tag: "rua" | "ruf",
  uri: DmarcUri,
  policyDomain: string,
  policyOrg: Org,
  orgOf: (d: string) => Promise<Org>,
  queries: DmarcQueries,
  options: ReportDestinationOptions,
): Promise<ReportDestination> {
  const dest: ReportDestination = { tag, uri, status: "unchecked", reason: "" };
  const host = uri.host;
  if (host === undefined) {
    dest.reason =
      uri.scheme === "mailto" ? "no destination host" : `a ${uri.scheme}: URI has no destination host to authorise`;
    return dest;
  }
  // Speed: when the Public Suffix List already says the host is in another organisation, ask the
  // authorisation record now, beside the tree walk, instead of one round trip after it.
  const authName = `${policyDomain}._report._dmarc.${host}`;
  if (pslOrgDomainOf(host) !== pslOrgDomainOf(policyDomain) && nameProblem(authName) === undefined)
    void queries.txt(authName);
  const hostOrg = await orgOf(host);
  if (hostOrg.org !== undefined) dest.hostOrgDomain = hostOrg.org;
  if (policyOrg.org !== undefined) dest.policyOrgDomain = policyOrg.org;
  if (hostOrg.org !== undefined && hostOrg.org === policyOrg.org) {
    dest.status = "same-organization";
    dest.reason = `${host} and ${policyDomain} share the Organizational Domain ${hostOrg.org}: no authorisation needed`;
    return dest;
  }
  await authorise(dest, policyDomain, host, queries, options);
  const unsure = hostOrg.temp ?? policyOrg.temp;
  if (unsure !== undefined && dest.status === "unauthorized") {
    dest.status = "temperror";
    dest.reason = `Organizational Domain unknown (${unsure}), and ${dest.reason}`;
  }
  return dest;
}

/**
 * Checks every `rua` and `ruf` destination of the record that applies to `policyDomain`: same
 * Organizational Domain (no question asked beyond the tree walks, RFC 9989 method), or the
 * authorisation record. Questions run concurrently; each is asked once. Never throws.
 */
export async function checkReportDestinations(
  target: { policyDomain?: string; record?: DmarcParseResult },
  options: ReportDestinationOptions,
): Promise<ReportDestinationsResult> {
  const policyDomain = normalizeDmarcDomain(target.policyDomain ?? "") ?? "";
  const result: ReportDestinationsResult = { policyDomain, destinations: [], unauthorized: [], diagnostics: [] };
  const record = target.record?.record;
  if (policyDomain === "" || record === undefined) return result;
  const method = options.method ?? "rfc9989";
  const queries = options.queries ?? new DmarcQueries(options.resolver, options.mode ?? "strict", options.signal);
  const orgOf = orgDomainFinder(method, queries, options.pslPrivateDomains);
  const max = options.maxPerTag ?? DEFAULT_MAX_DESTINATIONS;
  const jobs: Array<Promise<ReportDestination>> = [];
  for (const tag of ["rua", "ruf"] as const) {
    const uris = record[tag];
    if (uris.length > max) {
      result.diagnostics.push(
        diagnostic(
          "dmarc-report-destinations-truncated",
          "info",
          `${uris.length} ${tag} URIs; only the first ${max} were checked`,
          [ref(7489, "6.2")],
          { tag },
        ),
      );
    }
    for (const uri of uris.slice(0, max))
      jobs.push(orgOf(policyDomain).then((po) => checkOne(tag, uri, policyDomain, po, orgOf, queries, options)));
  }
  result.destinations = await Promise.all(jobs);
  result.unauthorized = result.destinations.filter((d) => d.status === "unauthorized");
  for (const d of result.destinations) result.diagnostics.push(...destDiagnostics(d, policyDomain));
  return result;
}
