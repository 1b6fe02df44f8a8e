import { evidenceOf } from "../dns/evidence.ts";
import { requirementStatus } from "../facts/requirements.ts";
import { defineRule, listWords } from "./define.ts";
import { block, code } from "./fix-text.ts";
import { describePath } from "./path-helpers.ts";
import { requirementChanges } from "./provider-dns.ts";
import { rfc } from "./references.ts";

export default defineRule(
  {
    id: "provider-dns-missing",
    severity: "error",
    scope: "path",
    title: "A record the provider requires for this path is missing or wrong",
    description:
      "Some provider features need records besides SPF and DKIM: Amazon SES's custom MAIL FROM domain needs an MX to `feedback-smtp.<region>.amazonses.com` (without it SES falls back to its own MAIL FROM domain, or rejects the mail, and SPF no longer aligns). The catalog declares these records for each feature; the audit asks DNS for each one the path's settings call for. The path's SPF is shown as at risk while one is missing.",
    references: [rfc(5321, "4.5.5"), rfc(7208, "2.4")],
    fix: "Publish the records the finding names, exactly as the provider documents them.",
  },
  ({ facts, report }) => {
    for (const path of facts.paths) {
      const via = path.plan.via;
      if (via.kind !== "provider") continue;
      const unmet = path.requirements.filter((r) => {
        const { status } = requirementStatus(r);
        return status === "missing" || status === "wrong";
      });
      const all = requirementChanges(
        unmet.map((r) => r.requirement),
        path,
      );
      for (const r of unmet) {
        const { status, found } = requirementStatus(r);
        const line = `${r.requirement.name} ${r.requirement.type} ${r.requirement.value}`;
        const name = r.requirement.name.toLowerCase().replace(/\.$/, "");
        // Replacing an MX set that routes mail elsewhere would take the domain's inbound mail: a person decides.
        const takesMail = status === "wrong" && r.requirement.type === "MX";
        const changes = takesMail ? [] : all.filter((c) => c.name === name && c.type === r.requirement.type);
        report({
          domain: path.plan.mailFrom.domain,
          path: path.plan.pathId,
          message: `${via.entry.name} requires \`${line}\` for ${describePath(path)}, but ${status === "missing" ? `there is no ${r.requirement.type} record at ${r.requirement.name} (${r.answer.status})` : `${r.requirement.name} has ${listWords(found.map((f) => `\`${f}\``))}`}: the path's SPF is at risk.`,
          evidence: [evidenceOf(r.answer)],
          fix: `Publish:${block([line])}${r.requirement.alternatives?.length ? `\n\n(or one of: ${r.requirement.alternatives.map(code).join(", ")})` : ""}`,
          ...(changes.length > 0 ? { changes } : {}),
          ...(takesMail
            ? {
                manual: [
                  `${code(r.requirement.name)} already has MX records (${found.map(code).join(", ")}): publishing ${code(line)} in their place would send its inbound mail to ${via.entry.name}. Use a subdomain of its own for ${via.entry.name}, or change the MX records knowingly.`,
                ],
              }
            : {}),
        });
      }
    }
  },
);
