import { evidenceOf } from "../dns/evidence.ts";
import type { DnsChange } from "../dns/overlay-changes.ts";
import { isNullMx, rejectsAll } from "../facts/parked.ts";
import { answerState, dmarcState, isMissingOrgDomain, spfState } from "../facts/state.ts";
import { defineRule, listWords } from "./define.ts";
import { editDmarc } from "./dmarc-record.ts";
import { block, isDmarcText, replaceTxt, spfChange, splitTxt } from "./fix-text.ts";
import { dmarcEvidence } from "./path-helpers.ts";
import { doc, rfc } from "./references.ts";

export default defineRule(
  {
    id: "parked-domain-unprotected",
    severity: "error",
    scope: "domain",
    title: "A domain that must not send lacks the records that say so",
    description:
      "A domain that sends no mail (`sends: false` in the description) is a favourite for spoofing because nobody watches it. Three records lock it down: SPF `v=spf1 -all` (no server may send, RFC 7208), a DMARC policy `p=reject` (receivers refuse what fails, RFC 9989), and a null MX `0 .` (it receives no mail either, so no bounces are accepted for it, RFC 7505).",
    references: [
      rfc(7208, "4.6.2"),
      rfc(9989, "4.7"),
      rfc(7505, "3"),
      doc(
        "M3AAWG: Protecting Parked Domains",
        "https://www.m3aawg.org/sites/default/files/m3aawg_parked_domains_bp-2015-12.pdf",
      ),
    ],
    fix: 'Publish `<domain> TXT "v=spf1 -all"`, `_dmarc.<domain> TXT "v=DMARC1; p=reject;"` and `<domain> MX 0 .`.',
  },
  ({ facts, report }) => {
    for (const domain of facts.domains) {
      // A domain that does not exist is domain-not-found; what DNS could not tell is dns-temperror:
      // each part below is claimed only on a definite answer.
      if (domain.sends || isMissingOrgDomain(domain)) continue;
      const missing: string[] = [];
      const spf = domain.spf.selection;
      const spfBad = spfState(spf) !== "unknown" && (spf.status !== "found" || !rejectsAll(spf.record));
      if (spfBad)
        missing.push(
          spf.status === "found"
            ? `SPF is \`${spf.record}\`, not \`v=spf1 -all\``
            : "there is no SPF record `v=spf1 -all`",
        );
      const dmarc = domain.dmarc;
      const dmarcBad = dmarcState(dmarc) !== "unknown" && (dmarc?.status !== "found" || dmarc.policy?.p !== "reject");
      if (dmarcBad)
        missing.push(
          dmarc?.status === "found"
            ? `the DMARC policy is p=${dmarc.policy?.p}, not p=reject`
            : "no DMARC record with p=reject applies",
        );
      const mxBad = !isNullMx(domain.mx) && answerState(domain.mx) !== "unknown";
      if (mxBad)
        missing.push(
          domain.mx.status === "ok"
            ? `the MX records (${domain.mx.records.map((r) => r.exchange).join(", ")}) accept mail`
            : "there is no null MX `0 .`",
        );
      if (missing.length === 0) continue;
      const lines = [];
      const changes: DnsChange[] = [];
      if (spfBad) {
        lines.push(`${domain.domain} TXT "v=spf1 -all"`);
        changes.push(spfChange(domain.domain, domain.spf.answer, "v=spf1 -all"));
      }
      if (dmarcBad) {
        // The domain's own record, when it has one, keeps its other tags (rua...); RFC 9989 drops pct.
        const name = `_dmarc.${domain.domain}`;
        const own = dmarc?.lookups.find((l) => l.name === name);
        const base = own?.dmarc.length === 1 ? own.dmarc[0] : undefined;
        const record = editDmarc(base, { p: "reject" }, ["pct", "t", "sp", "np"]);
        lines.push(`${name} TXT "${record}"`);
        changes.push(replaceTxt(name, (own?.txt ?? []).map(splitTxt), isDmarcText, record));
      }
      if (mxBad) {
        lines.push(`${domain.domain} MX 0 .`);
        changes.push({ name: domain.domain, type: "MX", records: [{ preference: 0, exchange: "" }] });
      }
      report({
        domain: domain.domain,
        message: `${domain.domain} does not send mail, but ${listWords(missing)}.`,
        // The answers behind what is claimed, and only those.
        evidence: [
          ...(spfBad ? [evidenceOf(domain.spf.answer)] : []),
          ...(dmarcBad && dmarc ? dmarcEvidence(dmarc) : []),
          ...(mxBad ? [evidenceOf(domain.mx)] : []),
        ],
        fix: `Publish:${block(lines)}`,
        changes,
      });
    }
  },
);
