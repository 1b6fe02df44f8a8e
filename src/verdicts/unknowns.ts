/**
 * Every fact the audit could not establish, once, with the failed DNS questions behind it and the
 * verdicts it leaves open: what `dns-temperror` reports (one finding per fact) and what the CLI
 * uses to tell whether the audit could see at all.
 */
import { type DnsEvidence, evidenceFrom } from "../dns/evidence.ts";
import type { DnsErrorCause, DnsStatus } from "../dns/types.ts";
import type { ObservedEvidence } from "../facts/evidence.ts";
import { requirementStatus } from "../facts/requirements.ts";
import { answerState, dmarcState, keyState, spfState } from "../facts/state.ts";
import { exchangeUnknowns } from "./exchange-unknowns.ts";
import { transportUnknowns } from "./transport-unknowns.ts";
import type { AuditFacts, PathFacts } from "./types.ts";

/** A fact the audit could not establish. */
export interface UnknownFact {
  /** The domain the fact belongs to. */
  domain: string;
  /** The path it belongs to, for a path's own facts (egress addresses, an Organizational Domain). */
  path?: string;
  /** What could not be checked, in words: "the SPF record of contoso.example". */
  fact: string;
  /** The failed questions (each cited by one fact only). */
  evidence: DnsEvidence[];
  /** The verdicts and checks it leaves open, one line each. */
  leavesOpen: string[];
  /** True when the failures are refusals by the audit's query budget (not the DNS's fault). */
  budget: boolean;
  /** What else shows it (an HTTPS fetch that timed out, an SMTP probe's transcript). */
  observed?: ObservedEvidence[];
  /** Why, when no failed DNS question says it (a fetch or a probe that did not complete). */
  cause?: string;
}

interface Failed {
  name: string;
  type: string;
  status: DnsStatus;
  records: readonly unknown[];
  detail?: string | undefined;
  /** Typed cause of an `error` status, when the resolver gives one. */
  cause?: DnsErrorCause | undefined;
}

/** Whether a failed answer is a refusal by the query budget rather than a DNS failure (its typed cause). */
export function isBudgetRefusal(e: { cause?: DnsErrorCause | undefined }): boolean {
  return e.cause === "budget";
}

const pathNames = (paths: readonly PathFacts[]) =>
  paths.map((p) => `path ${p.plan.pathId} (from ${p.plan.fromDomain})`);

/** Records an unknown fact; `answers` are filtered to failed ones not cited by an earlier fact (`always`: keep it without fresh evidence). */
type AddUnknown = (
  fact: Omit<UnknownFact, "evidence" | "budget">,
  answers: readonly Failed[],
  always?: boolean,
) => void;
/** The items under each of their keys, in their order. */
function groupBy<T>(items: readonly T[], keys: (item: T) => readonly string[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    for (const key of keys(item)) {
      const list = out.get(key);
      if (list === undefined) out.set(key, [item]);
      else list.push(item);
    }
  }
  return out;
}

/** Lists the audit's unknown facts, each failed question cited once, in a stable order. */
export function unknownFacts(facts: AuditFacts): UnknownFact[] {
  const claimed = new Set<string>();
  const out: UnknownFact[] = [];
  /** Records a fact; `answers` are filtered to failed ones not cited by an earlier fact. */
  const add: AddUnknown = (fact, answers, always = false) => {
    const fresh: DnsEvidence[] = [];
    let budget = answers.length > 0;
    for (const a of answers) {
      if (answerState(a) !== "unknown") continue;
      const key = `${a.name}|${a.type}`;
      if (claimed.has(key)) continue;
      claimed.add(key);
      fresh.push(evidenceFrom(a));
      if (!isBudgetRefusal(a)) budget = false;
    }
    if (fresh.length === 0 && !always) return;
    out.push({ ...fact, evidence: fresh, budget: fresh.length > 0 && budget });
  };

  // Paths by MAIL FROM domain, From domain and DKIM key name, indexed once (linear in the paths).
  const byMailFrom = groupBy(facts.paths, (p) => [p.plan.mailFrom.domain]);
  const byFrom = groupBy(facts.paths, (p) => [p.plan.fromDomain]);
  const byKey = groupBy(facts.paths, (p) => [
    ...new Set(p.signatures.flatMap((t) => (t.lookup?.name !== undefined ? [t.lookup.name] : []))),
  ]);
  for (const d of facts.domains) {
    const asMailFrom = byMailFrom.get(d.domain) ?? [];
    const asFrom = byFrom.get(d.domain) ?? [];
    if (spfState(d.spf.selection) === "unknown")
      add(
        {
          domain: d.domain,
          fact: `the SPF record of ${d.domain}`,
          leavesOpen: [
            ...pathNames(asMailFrom).map((p) => `the SPF result of ${p}`),
            `whether ${d.domain} publishes SPF, and its lookup counts`,
          ],
        },
        [d.spf.answer],
        true,
      );
    add(
      {
        domain: d.domain,
        fact: `part of the SPF tree of ${d.domain}`,
        leavesOpen: [
          `the lookup and void-lookup counts of ${d.domain} (what is shown is a lower bound)`,
          ...pathNames(asMailFrom).map((p) => `the SPF result of ${p}`),
        ],
      },
      d.spf.analysis.dns,
    );
    if (answerState(d.mx) === "unknown")
      add(
        {
          domain: d.domain,
          fact: `the MX records of ${d.domain}`,
          leavesOpen: [`whether ${d.domain} receives mail (and has a null MX)`],
        },
        [d.mx],
        true,
      );
    if (d.dmarc !== undefined && dmarcState(d.dmarc) === "unknown")
      add(
        {
          domain: d.domain,
          fact: `the DMARC policy of ${d.domain}`,
          leavesOpen: [
            ...pathNames(asFrom).map((p) => `the DMARC result and alignment modes of ${p}`),
            `which DMARC policy protects ${d.domain}`,
          ],
        },
        d.dmarc.lookups.map((l) => ({ name: l.name, type: "TXT", status: l.status, records: l.txt, detail: l.detail })),
        true,
      );
    for (const dest of d.reports?.destinations ?? []) {
      if (dest.status !== "temperror" || dest.answer === undefined || dest.queryName === undefined) continue;
      add(
        {
          domain: d.domain,
          fact: `the authorisation of the report destination ${dest.uri.uri}`,
          leavesOpen: [`whether reports for ${d.domain} reach ${dest.uri.uri}`],
        },
        [
          {
            name: dest.queryName,
            type: "TXT",
            status: dest.answer.status,
            records: dest.answer.txt,
            detail: dest.answer.detail,
          },
        ],
        true,
      );
    }
  }

  const keysSeen = new Set<string>();
  for (const p of facts.paths) {
    const id = pathNames([p])[0] as string;
    if (p.egress.state === "unknown" && p.egress.answers.some((a) => answerState(a) === "unknown")) {
      const via = p.plan.via;
      const what =
        via.kind === "smart-host"
          ? `the addresses of smart host ${via.smartHostId} (${via.hostname})`
          : via.kind === "provider"
            ? `the sending networks of ${via.entry.name} (${(p.egress.terms ?? []).join(", ")})`
            : "the egress addresses";
      add(
        { domain: p.plan.fromDomain, path: p.plan.pathId, fact: what, leavesOpen: [`the SPF result of ${id}`] },
        p.egress.answers,
        true,
      );
    }
    for (const s of p.signatures) {
      if (s.lookup === undefined || keyState(s.lookup) !== "unknown" || keysSeen.has(s.lookup.name)) continue;
      keysSeen.add(s.lookup.name);
      const users = byKey.get(s.lookup.name) ?? [];
      add(
        {
          domain: s.planned.domain,
          fact: `the DKIM key ${s.lookup.name}`,
          leavesOpen: pathNames(users).map((u) => `the DKIM result of ${u}`),
        },
        s.lookup.evidence.map((e) => ({ ...e, records: e.records })),
        true,
      );
    }
    for (const r of p.requirements) {
      if (requirementStatus(r).status !== "unknown") continue;
      add(
        {
          domain: p.plan.fromDomain,
          path: p.plan.pathId,
          fact: `the ${r.requirement.type} record ${r.requirement.name} the provider requires`,
          leavesOpen: [`whether the SPF of ${id} is at risk`],
        },
        [r.answer],
        true,
      );
    }
    // What check_host() asked beyond the facts above (an `exists:` or `mx` answer, an include it reached).
    for (const c of p.spfChecks) {
      add(
        {
          domain: p.plan.mailFrom.domain,
          path: p.plan.pathId,
          fact: `the SPF evaluation of ${p.plan.mailFrom.domain} for ${c.ip}`,
          leavesOpen: [`the SPF result of ${id}`],
        },
        c.check.trace.flatMap((step) => (step.step === "dns" ? [step] : [])),
      );
    }
    const orgUnknown = p.dmarc.evidence.identifiers.filter((i) => i.aligned === "unknown");
    const alignmentOpen =
      p.verdict.spf.aligned === "unknown" ||
      p.verdict.dkim.some((d) => d.aligned === "unknown") ||
      orgUnknown.length > 0;
    if (alignmentOpen && dmarcState(p.discovery) !== "unknown")
      add(
        {
          domain: p.plan.fromDomain,
          path: p.plan.pathId,
          fact: `the Organizational Domains that decide alignment on ${id}`,
          leavesOpen: [`whether SPF and DKIM align with ${p.plan.fromDomain} on ${id}`],
        },
        [],
        true,
      );
  }

  if (facts.exchange !== undefined) exchangeUnknowns(facts.exchange, add);
  // The reverse DNS of report sources that matched nothing (src/facts/reports.ts): with it, a
  // provider might have been recognised. One fact per From domain.
  const ptrFailures = new Map<string, Failed[]>();
  for (const s of facts.reports?.sources ?? []) {
    const failure = s.ptr.failure;
    if (failure === undefined || s.class !== "unknown") continue;
    const list = ptrFailures.get(s.fromDomain) ?? [];
    if (list.length < 20) list.push({ ...failure, records: failure.records });
    ptrFailures.set(s.fromDomain, list);
  }
  for (const [domain, answers] of ptrFailures)
    add(
      {
        domain,
        fact: `the reverse DNS (PTR) of report sources of ${domain} that match no path`,
        leavesOpen: [`which provider those sources of ${domain} belong to (they stay unknown in the sender inventory)`],
      },
      answers,
    );
  for (const u of transportUnknowns(facts)) {
    const fact: Omit<UnknownFact, "evidence" | "budget"> = { domain: u.domain, fact: u.fact, leavesOpen: u.leavesOpen };
    if (u.observed !== undefined) fact.observed = u.observed;
    if (u.cause !== undefined) fact.cause = u.cause;
    add(fact, u.answers, true);
  }

  if (facts.discovered !== undefined && !facts.discovered.complete)
    out.push({
      domain: facts.discovered.domain,
      fact: `part of the DKIM selector discovery of ${facts.discovered.domain}`,
      evidence: [],
      leavesOpen: [`whether ${facts.discovered.domain} publishes DKIM keys at the known selectors`],
      budget: false,
    });
  return out;
}
