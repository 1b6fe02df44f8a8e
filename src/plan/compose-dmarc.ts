/**
 * The DMARC part of a plan: a staged rollout per policy record (RFC 9989 §7.1 "Domain Owner
 * actions"). A domain without a record gets `p=none` with `rua` first; `quarantine`, then
 * `reject`, each first with the `t=y` test flag (RFC 9989 §4.7, which replaces `pct`), are
 * proposed one stage per plan and only when every described path the record covers passes DMARC
 * aligned today, with aligned DKIM (SPF alone breaks when mail is forwarded, RFC 7208 Appendix D). A domain that sends nothing gets `p=reject` at once (RFC 7505, M3AAWG parked
 * domains).
 */
import { dmarcState, isMissingOrgDomain } from "../facts/state.ts";
import type { DomainFacts } from "../facts/types.ts";
import { dmarcTags, editDmarc } from "../rules/dmarc-record.ts";
import { code, isDmarcText, replaceTxt, splitTxt } from "../rules/fix-text.ts";
import type { Finding } from "../rules/types.ts";
import type { AuditFacts } from "../verdicts/types.ts";
import type { ManualStep, PlanChange } from "./types.ts";

/** What the DMARC part adds to a plan. */
export interface DmarcPart {
  changes: PlanChange[];
  manualSteps: ManualStep[];
}

/** The next stage of the rollout from a record's `p` and `t`, or undefined at the last. */
function nextStage(p: string, testing: boolean): { p: string; t: boolean; text: string } | undefined {
  if (p === "none")
    return {
      p: "quarantine",
      t: true,
      text: "stage 2 of 5: p=quarantine with t=y (testing: receivers are asked not to apply it yet)",
    };
  if (p === "quarantine" && testing) return { p: "quarantine", t: false, text: "stage 3 of 5: p=quarantine" };
  if (p === "quarantine") return { p: "reject", t: true, text: "stage 4 of 5: p=reject with t=y" };
  if (p === "reject" && testing) return { p: "reject", t: false, text: "stage 5 of 5: p=reject" };
  return undefined;
}

/** The TXT records at a `_dmarc` name, as character-strings, from the discovery's lookups. */
function txtAt(domain: DomainFacts, name: string): string[][] {
  return (domain.dmarc?.lookups.find((l) => l.name === name)?.txt ?? []).map(splitTxt);
}

/** The DMARC changes and manual steps of a plan. */
export function composeDmarc(facts: AuditFacts, findings: readonly Finding[], options: { rua?: string }): DmarcPart {
  const changes = new Map<string, PlanChange>();
  const manualSteps: ManualStep[] = [];
  const accepted = (ruleId: string, domain: string) =>
    findings.some((f) => f.ruleId === ruleId && f.domain === domain && f.accepted !== undefined);
  for (const domain of facts.domains) {
    const d = domain.dmarc;
    // Org domains only (a MAIL FROM domain's policy is its From domain's), never blind.
    if (!domain.roles.includes("org") || d === undefined || dmarcState(d) === "unknown" || isMissingOrgDomain(domain))
      continue;
    if (!domain.sends) {
      if (d.status === "found" && d.policy?.p === "reject") continue;
      const name = `_dmarc.${domain.domain}`;
      const own = d.lookups.find((l) => l.name === name);
      const record = editDmarc(own?.dmarc.length === 1 ? own.dmarc[0] : undefined, { p: "reject" }, [
        "pct",
        "t",
        "sp",
        "np",
      ]);
      changes.set(name, {
        ...replaceTxt(name, txtAt(domain, name), isDmarcText, record),
        ttl: own?.status === "ok" ? own.ttl : 3600,
        reasons: [
          {
            ruleId: "parked-domain-unprotected",
            text: `${domain.domain} sends no mail: receivers should reject what claims it`,
          },
        ],
        notes: [],
      });
      continue;
    }
    const policyDomain =
      d.status === "none" ? (d.orgDomain.orgDomain ?? domain.domain) : (d.policyDomain ?? domain.domain);
    const name = `_dmarc.${policyDomain}`;
    if (changes.has(name)) continue;
    const lookup = d.lookups.find((l) => l.name === name);
    const current = lookup?.dmarc ?? [];
    const base = current[0];
    const tags = new Map(dmarcTags(base ?? ""));
    const set: Record<string, string> = {};
    const drop: string[] = [];
    const notes: string[] = [];
    const reasons: PlanChange["reasons"] = [];
    if (current.length === 0) {
      set.p = "none";
      reasons.push({
        ruleId: "dmarc-missing",
        text: `stage 1 of 5: p=none with reports, for ${policyDomain} and its subdomains`,
      });
    } else if (current.length > 1)
      reasons.push({
        ruleId: "dmarc-multiple-records",
        text: "one DMARC record (receivers ignore them all when there are several)",
      });
    if (current.length > 0 && !["none", "quarantine", "reject"].includes((tags.get("p") ?? "").toLowerCase())) {
      // No valid policy: receivers apply none (RFC 9989 §4.10.1); the rollout starts again.
      set.p = "none";
      reasons.push({ ruleId: "dmarc-syntax", text: `a valid policy (p=${tags.get("p") ?? "(missing)"} is not one)` });
    }
    if (!tags.has("rua")) {
      const rua = options.rua ?? `mailto:dmarc-reports@${policyDomain}`;
      set.rua = rua;
      if (current.length > 0) reasons.push({ ruleId: "dmarc-rua-missing", text: "ask for aggregate reports" });
      if (options.rua === undefined)
        manualSteps.push({
          ruleId: current.length === 0 ? "dmarc-missing" : "dmarc-rua-missing",
          domain: policyDomain,
          action: `Make sure the mailbox ${code(`dmarc-reports@${policyDomain}`)} exists and accepts the aggregate reports (or give your own address with ${code("--rua")}).`,
        });
    }
    const pct = tags.get("pct");
    if (pct !== undefined) {
      drop.push("pct");
      if (Number(pct) < 100) set.t = "y";
      notes.push(
        `${code(`pct=${pct}`)} replaced: RFC 9989 removed ${code("pct")}; ${Number(pct) < 100 ? `${code("t=y")} asks receivers to test the policy instead` : "100 was the default"}`,
      );
      reasons.push({ ruleId: "dmarc-pct-partial", text: "RFC 9989: the t=y test flag instead of pct" });
    }
    // The next stage, only when every described path the record covers passes DMARC today.
    const covered = facts.paths.filter(
      (p) =>
        p.discovery.recordName === name || (current.length === 0 && p.discovery.orgDomain.orgDomain === policyDomain),
    );
    // Aligned DKIM is what survives forwarding: a path that passes through SPF alone is not ready.
    const failing = covered.filter(
      (p) => p.verdict.dmarc.result !== "pass" || !p.verdict.dmarc.alignedBy.includes("dkim"),
    );
    const p = set.p ?? tags.get("p") ?? "none";
    const testing = (set.t ?? tags.get("t")) === "y";
    // One stage per plan: a new record, or one whose policy was not valid, starts at p=none.
    const next = current.length === 0 || set.p !== undefined ? undefined : nextStage(p, testing);
    if (next !== undefined && !accepted("dmarc-policy-none", policyDomain)) {
      if (covered.length > 0 && failing.length === 0) {
        set.p = next.p;
        if (next.t) set.t = "y";
        else {
          delete set.t;
          drop.push("t");
        }
        notes.push(
          "every described path this record covers passes DMARC with aligned DKIM today; read the aggregate reports for a few weeks before the next stage",
        );
        reasons.push(p === "none" ? { ruleId: "dmarc-policy-none", text: next.text } : { text: next.text });
      } else if (covered.length > 0)
        notes.push(
          `stays at p=${p}: ${failing.map((f) => `path ${f.plan.pathId} (${f.plan.fromDomain})`).join(", ")} does not pass DMARC with aligned DKIM yet`,
        );
    }
    if (reasons.length === 0) continue;
    const record = editDmarc(base, set, drop);
    if (current.length === 1 && record === base) continue;
    changes.set(name, {
      ...replaceTxt(name, txtAt(domain, name), isDmarcText, record),
      ttl: lookup?.status === "ok" ? lookup.ttl : 3600,
      reasons,
      notes,
    });
  }
  return { changes: [...changes.values()], manualSteps };
}
