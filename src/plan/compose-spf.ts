/**
 * The SPF part of a plan: for each audited domain, the one record the described paths need (see
 * spf.ts for how a record is brought within the limits), or nothing when the current one serves.
 */
import { rejectsAll } from "../facts/parked.ts";
import { isMissingOrgDomain, spfState } from "../facts/state.ts";
import type { DomainFacts } from "../facts/types.ts";
import { listWords } from "../rules/define.ts";
import { code, spfChange } from "../rules/fix-text.ts";
import type { AuditFacts, PathFacts } from "../verdicts/types.ts";
import {
  envelopeAddresses,
  flatten,
  healthy,
  lookupsText,
  removeUnused,
  type Trial,
  termCost,
  tryRecord,
  withinLimits,
} from "./spf.ts";
import { draftOf, need, render, type SpfDraft } from "./spf-draft.ts";
import type { ChangeReason, ManualStep, PlanChange } from "./types.ts";

/** What the SPF part adds to a plan for one domain. */
export interface SpfPart {
  change?: PlanChange;
  manualSteps: ManualStep[];
}

const ipTerm = (ip: string) => (ip.includes(":") ? `ip6:${ip}` : `ip4:${ip}`);

/** The TTL of a domain's TXT RRset, or 3600 for a new one. */
function ttlOf(domain: DomainFacts): number {
  return domain.spf.answer.status === "ok" ? domain.spf.answer.ttl : 3600;
}

/** The current SPF records of a domain (none, one, several). */
function currentRecords(domain: DomainFacts): string[] {
  const s = domain.spf.selection;
  return s.status === "found" ? [s.record] : s.status === "multiple" ? s.records : [];
}

/**
 * Adds the terms the described paths need to `draft`: the addresses of smart hosts and direct
 * servers that SPF does not pass today, and each provider's documented term (kept when present,
 * added when the path does not pass). Returns the reasons, one per path served.
 */
function needs(draft: SpfDraft, domain: string, paths: readonly PathFacts[]): ChangeReason[] {
  const reasons: ChangeReason[] = [];
  // An address that passes only through `+all` is not authorised: the plan replaces `+all`.
  const authorised = (c: PathFacts["spfChecks"][number]) =>
    c.check.result === "pass" && !/^\+?all$/i.test(c.check.matched?.term ?? "");
  for (const path of paths) {
    const via = path.plan.via;
    if (via.kind === "provider") {
      if (via.spf.publishedOn === "provider-managed" || via.spf.publishOn !== domain) continue;
      const passing = path.spfChecks.length > 0 && path.spfChecks.every(authorised);
      for (const requirement of via.spf.expected) {
        const present = requirement.anyOf.find((t) => draft.lookups.some((d) => d.text.toLowerCase() === t));
        const first = requirement.anyOf[0];
        if (present !== undefined)
          need(draft, draft.lookups.find((d) => d.text.toLowerCase() === present)?.text ?? present);
        else if (!passing && first !== undefined && !(path.egress.unconfirmed ?? []).includes(first)) {
          need(draft, first);
          reasons.push({
            ruleId: "provider-not-authorized",
            text: `authorise ${via.entry.name} (path ${path.plan.pathId}) with ${code(first)}`,
          });
        }
      }
      continue;
    }
    if (path.plan.mailFrom.domain !== domain || path.egress.state !== "present") continue;
    const missing = path.spfChecks.filter((c) => !authorised(c)).map((c) => c.ip);
    for (const ip of missing) need(draft, ipTerm(ip));
    if (missing.length > 0)
      reasons.push({
        ruleId: via.kind === "smart-host" ? "smarthost-not-authorized" : "direct-not-authorized",
        text: `authorise ${listWords(missing)} (path ${path.plan.pathId})`,
      });
  }
  return reasons;
}

/** Providers on this domain that could move to their own MAIL FROM subdomain, as manual steps. */
function moveSteps(
  domain: DomainFacts,
  paths: readonly PathFacts[],
  tried: Awaited<ReturnType<typeof tryRecord>>,
): ManualStep[] {
  const steps: ManualStep[] = [];
  for (const path of paths) {
    const via = path.plan.via;
    if (via.kind !== "provider" || path.plan.mailFrom.domain !== domain.domain) continue;
    const custom = via.entry.mailFrom.custom;
    if (via.spf.publishedOn !== "mail-from-domain" || custom.supported !== true || custom.setting === undefined)
      continue;
    const terms = via.spf.expected.flatMap((r) => r.anyOf).filter((t) => tried.record.toLowerCase().includes(t));
    const cost = terms.reduce((sum, t) => sum + termCost(tried.analysis.root, t).lookups, 0);
    steps.push({
      ruleId: "spf-too-many-lookups",
      domain: domain.domain,
      action: `Move ${via.entry.name} (path ${code(path.plan.pathId)}) to its own MAIL FROM subdomain: set one up in ${via.entry.name} (for example ${code(`bounce.${domain.domain}`)}) and give it as ${code(custom.setting)} in the settings of provider ${code(via.providerId)}; its SPF terms (${terms.map(code).join(", ") || "none"}, ${lookupsText(cost)}) then go to that subdomain's record, out of ${code(domain.domain)}'s. Run the plan again afterwards.`,
    });
  }
  return steps;
}

/**
 * The paths whose SPF fails only because the record is over the limit (a permerror where the
 * lifted limits pass): the move of a provider answers them too, as a step each.
 */
async function pastTheLimit(
  domain: DomainFacts,
  record: string,
  addresses: readonly { path: PathFacts; ip: string }[],
  trial: Trial,
): Promise<ManualStep[]> {
  const [strict, lifted] = await Promise.all([
    tryRecord(domain, record, addresses, trial, true),
    tryRecord(domain, record, addresses, trial),
  ]);
  const steps: ManualStep[] = [];
  for (const path of new Set(addresses.map((a) => a.path))) {
    const keys = addresses.filter((a) => a.path === path).map((a) => `${path.plan.pathId} ${a.ip}`);
    if (!keys.some((k) => strict.results.get(k) === "permerror" && lifted.results.get(k) === "pass")) continue;
    const via = path.plan.via.kind;
    steps.push({
      ruleId:
        via === "provider"
          ? "provider-not-authorized"
          : via === "smart-host"
            ? "smarthost-not-authorized"
            : "direct-not-authorized",
      domain: domain.domain,
      path: path.plan.pathId,
      action: `SPF of ${code(domain.domain)} fails for path ${code(path.plan.pathId)} only because the record is over the lookup limit: once a provider has moved to its own MAIL FROM subdomain (the step above), it passes.`,
    });
  }
  return steps;
}

/** The described addresses that pass SPF today (as a receiver counts, limits included) and would not with `record`. */
async function regressions(
  domain: DomainFacts,
  record: string,
  addresses: readonly { path: PathFacts; ip: string }[],
  trial: Trial,
): Promise<string[]> {
  const passing = addresses.filter(({ path, ip }) =>
    path.spfChecks.some(
      (c) => c.ip === ip && c.check.result === "pass" && !/^\+?all$/i.test(c.check.matched?.term ?? ""),
    ),
  );
  if (passing.length === 0) return [];
  const strict = await tryRecord(domain, record, passing, trial, true);
  return [...strict.results].filter(([, r]) => r !== "pass").map(([k]) => k);
}

/** The SPF record one domain should publish, when it differs from what it publishes. */
export async function composeSpf(
  facts: AuditFacts,
  domain: DomainFacts,
  trial: Trial,
  options: { flatten: boolean },
): Promise<SpfPart> {
  const none: SpfPart = { manualSteps: [] };
  // Never proposed blind (unknown is not absent), nor for a domain that does not exist.
  if (spfState(domain.spf.selection) === "unknown" || isMissingOrgDomain(domain)) return none;
  const records = currentRecords(domain);
  if (!domain.sends) {
    if (records.length === 1 && rejectsAll(records[0])) return none;
    const change = spfChange(domain.domain, domain.spf.answer, "v=spf1 -all");
    return {
      change: {
        ...change,
        ttl: ttlOf(domain),
        reasons: [
          { ruleId: "parked-domain-unprotected", text: `${domain.domain} sends no mail: no server may use it` },
        ],
        notes: [],
      },
      manualSteps: [],
    };
  }
  const paths = facts.paths;
  const envelope = paths.some(
    (p) => p.plan.mailFrom.domain === domain.domain && p.plan.mailFrom.source !== "provider-default",
  );
  const placement = paths.some((p) => p.plan.via.kind === "provider" && p.plan.via.spf.publishOn === domain.domain);
  const draft = draftOf(records);
  const notes = [...draft.dropped];
  const reasons = needs(draft, domain.domain, paths);
  if (records.length === 0) {
    if (!envelope && !placement) {
      if (!domain.roles.includes("org")) return none;
      // Only a From domain: no path uses it as an envelope, so no server may.
      draft.all = "-all";
      reasons.push({
        ruleId: "spf-missing",
        text: `${domain.domain} is no path's MAIL FROM domain: no server may use it`,
      });
    } else if (draft.ips.length + draft.lookups.length === 0)
      return none; // what the paths need is not known
    else {
      draft.all = "-all";
      reasons.push({ ruleId: "spf-missing", text: `${domain.domain} publishes no SPF record` });
    }
  } else if (draft.all !== undefined && /^[+?]?all$/i.test(draft.all) && !/^-|^~/.test(draft.all)) {
    notes.push(`${code(draft.all)} let every host pass: replaced by ${code("~all")}`);
    draft.all = "~all";
    reasons.push({ ruleId: "spf-permissive-all", text: "stop authorising every host" });
  }
  const addresses = envelopeAddresses(paths, domain.domain);
  let tried = await tryRecord(domain, render(draft), addresses, trial);
  const manualSteps: ManualStep[] = [];
  if (!healthy(tried.analysis)) {
    const before = tried.analysis;
    // Address terms cost no lookup: every described server's address goes in directly, so that
    // no smart host or direct server depends on where a DNS-querying term sits.
    const direct = addresses.filter(({ path }) => path.plan.via.kind !== "provider" && path.egress.state === "present");
    const added = direct.map(({ ip }) => ipTerm(ip)).filter((t) => !draft.ips.some((d) => d.text.toLowerCase() === t));
    for (const { ip } of direct) need(draft, ipTerm(ip));
    if (added.length > 0)
      notes.push(`listed ${added.map(code).join(", ")} directly (address terms cost no DNS lookup)`);
    const removed = await removeUnused(domain, draft, addresses, trial);
    let current = removed;
    notes.push(...removed.notes);
    if (!withinLimits(current.tried.analysis) && options.flatten) {
      current = await flatten(domain, current.draft, addresses, trial);
      notes.push(...current.notes);
    }
    tried = current.tried;
    Object.assign(draft, current.draft);
    if ((removed.notes.length > 0 || current !== removed) && !withinLimits(before))
      reasons.push({
        ruleId: before.voidLookups.exceeded ? "spf-void-lookups" : "spf-too-many-lookups",
        text: `bring the record within the limits of RFC 7208 §4.6.4 (it needed ${before.lookups.count} DNS lookups, ${Math.max(before.voidLookups.ipv4, before.voidLookups.ipv6)} void)`,
      });
    else if (removed.notes.length > 0)
      reasons.push({ ruleId: "spf-syntax", text: "no term that gives receivers a permanent error" });
    if (!withinLimits(tried.analysis)) {
      const moves = moveSteps(domain, paths, tried);
      manualSteps.push(...moves);
      if (moves.length > 0) manualSteps.push(...(await pastTheLimit(domain, tried.record, addresses, trial)));
      notes.push(
        `still ${tried.analysis.lookups.count} DNS lookups and ${Math.max(tried.analysis.voidLookups.ipv4, tried.analysis.voidLookups.ipv6)} void lookups: every remaining DNS-querying term serves a described path${options.flatten ? "" : " (--flatten would replace provider includes by their addresses)"}`,
      );
    }
  }
  // Never worse than today: an address that passes now must pass with the record proposed.
  const regressed = await regressions(domain, tried.record, addresses, trial);
  if (regressed.length > 0) return { manualSteps };
  const record = tried.record;
  const unchanged = records.length === 1 && records[0] === record;
  if (unchanged || (reasons.length === 0 && notes.length === 0 && records.length === 1)) return { manualSteps };
  const change = spfChange(domain.domain, domain.spf.answer, record);
  return {
    change: {
      ...change,
      ttl: ttlOf(domain),
      reasons: reasons.length > 0 ? reasons : [{ text: "one valid SPF record" }],
      notes,
    },
    manualSteps,
  };
}
