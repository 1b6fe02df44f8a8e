import { formatRef } from "../dmarc/diagnostic.ts";
import { defineRule } from "./define.ts";
import { appliedRecords, coversText } from "./dmarc-helpers.ts";
import { dmarcEvidence } from "./path-helpers.ts";
import { rfc } from "./references.ts";

export default defineRule(
  {
    id: "dmarc-syntax",
    severity: "error",
    scope: "domain",
    title: "The DMARC record breaks the RFC grammar",
    description:
      "Receivers ignore tags they cannot read and fall back to defaults (RFC 9989 §4.8): a typo in `p`, `sp`, `rua` or `adkim` silently changes the policy or loses the reports, and a record whose first tag is not `v=DMARC1` is no DMARC record at all. Each problem is listed with its position and the RFC section. Errors are reported as errors; deviations receivers tolerate (an unknown tag, a tag RFC 9989 removed) as a warning.",
    references: [rfc(9989, "4.7"), rfc(9989, "4.8"), rfc(7489, "6.3")],
    fix: "Rewrite the record with only registered tags, `name=value` pairs separated by `;`, starting with `v=DMARC1;`.",
    adjustments: [
      {
        severity: "warning",
        when: "every problem is one receivers tolerate (an unknown tag, a tag RFC 9989 removed)",
      },
      {
        severity: "info",
        when: "the record has `pct=100`: valid RFC 7489 syntax, with a note on what RFC 9989 changed (a `pct` below 100 is dmarc-pct-partial's)",
      },
    ],
  },
  ({ facts, report }) => {
    for (const domain of facts.domains) {
      const ignored = domain.dmarc?.diagnostics.filter((d) => d.code === "dmarc-record-ignored") ?? [];
      for (const d of ignored)
        report({
          domain: domain.domain,
          message: `${d.message} (${d.refs.map(formatRef).join(", ")})`,
          evidence: domain.dmarc ? dmarcEvidence(domain.dmarc) : [],
        });
    }
    for (const applied of appliedRecords(facts)) {
      const record = applied.discovery.record;
      if (record === undefined) continue;
      // `pct` is RFC 7489 syntax, not a problem: below 100 dmarc-pct-partial reports what it does;
      // at 100 it changes nothing, and what RFC 9989 changed is worth knowing (info).
      const pct = record.tags.find((t) => t.name === "pct");
      const removedPct = (d: (typeof record.diagnostics)[number]) => d.code === "dmarc-removed-tag" && d.tag === "pct";
      if (pct !== undefined && pct.value.trim() === "100")
        report({
          domain: applied.policyDomain,
          severity: "info",
          message: `The DMARC record ${applied.discovery.recordName}${coversText(applied)} has pct=100, RFC 7489's default: RFC 9989 removed \`pct\` (its receivers ignore it; \`t=y\` replaces it for testing), so the tag can be dropped.`,
          evidence: dmarcEvidence(applied.discovery),
          fix: "Nothing is wrong. Drop `pct=100` when convenient; use `t=y` instead of a `pct` below 100 while testing.",
        });
      const problems = record.diagnostics.filter((d) => d.severity !== "info" && !removedPct(d));
      if (problems.length === 0) continue;
      const hasError = problems.some((d) => d.severity === "error");
      const list = problems.map(
        (d) => `${d.message}${d.start !== undefined ? ` (at ${d.start})` : ""} [${d.refs.map(formatRef).join(", ")}]`,
      );
      report({
        domain: applied.policyDomain,
        severity: hasError ? "error" : "warning",
        message: `The DMARC record ${applied.discovery.recordName}${coversText(applied)} has ${problems.length} problem${problems.length === 1 ? "" : "s"}: ${list.join("; ")}.`,
        evidence: dmarcEvidence(applied.discovery),
      });
    }
  },
);
